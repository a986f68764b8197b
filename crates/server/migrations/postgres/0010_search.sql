-- Search that finds what people mean (search.rs): the Latin words the index has seen, for
-- typo correction, and the version of the word splitting the stored index was made with (the
-- server re-indexes every listing at start when it is older: db/search_index.rs).
CREATE TABLE search_words (
    word TEXT PRIMARY KEY
);
CREATE TABLE search_index (
    id      BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO search_index (id, version) VALUES (1, 1);
