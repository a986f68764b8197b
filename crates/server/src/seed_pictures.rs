//! Product-like pictures for demo listings, drawn procedurally: flat illustrations made of
//! simple shapes, so seeding needs no downloads, no fonts and no randomness.
//!
//! Everything is laid out in a fixed 1200×900 "design space"; each view's camera (zoom and
//! focus) maps that onto the image, so a second or third photo is the same object reframed.

use image::{Rgb, RgbImage};
use linli_contract::listing::Category;
use std::f32::consts::PI;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 900;

/// Where the wall meets the table, and where objects stand (design space).
const HORIZON: f32 = 610.;
const GROUND: f32 = 712.;

type C = Rgb<u8>;

/// The things the demo pictures can show, each with its drawing.
macro_rules! labelled_subjects {
    ($($name:ident => $draw:ident),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Subject { $($name),* }

        impl Subject {
            pub const ALL: &'static [Subject] = &[$(Subject::$name),*];

            fn object(self) -> fn(&mut Canvas, u32) {
                match self { $(Subject::$name => $draw),* }
            }
        }
    };
}

const WALLS: [u32; 6] = [0xECE6DC, 0xDCE7EE, 0xE6EDE0, 0xF1E2DE, 0xE6E3F0, 0xF3ECD4];
const TABLES: [u32; 4] = [0xD2B898, 0xC4C8CC, 0xDACCBA, 0xB09274];
const PALETTE: [u32; 12] = [
    0xE74C3C, 0x3498DB, 0x2EAE71, 0xF1BA0F, 0x9B59B6, 0xE67E22, 0x1AA892, 0xEC70A0, 0x34495E, 0x788C96, 0xBE5028,
    0x5A78C8,
];
const APPLIANCES: [u32; 6] = [0xF4F4F0, 0xCCD2D8, 0xF6E8C8, 0xBEE2D6, 0xBCD4EC, 0xD64C46];
const METALS: [u32; 4] = [0xC8CCD2, 0x6E727A, 0xDEC8AA, 0xAABED2];
const WOODS: [u32; 4] = [0xB07C50, 0xD2AA78, 0x785038, 0xE6D6BE];
const GREENS: [u32; 3] = [0x3C9650, 0x28785A, 0x64AA46];

/// Draws a product-like picture for a demo listing: `variant` changes colours and details so
/// listings of the same category look different; `view` (0, 1, 2…) gives a second/third angle
/// (e.g. close-up or different framing) for listings with several photos.
pub fn draw(category: Category, variant: u32, view: u32) -> RgbImage {
    let mut c = Canvas::new(variant, view);
    c.background();
    c.draw(Ellipse(600., GROUND, 330., 30.), c.shadow);
    // Most categories alternate between two objects on even and odd variants.
    let object: fn(&mut Canvas, u32) = match (category, variant % 2) {
        (Category::Appliances, 0) => fridge,
        (Category::Appliances, _) => washer,
        (Category::Electronics, 0) => laptop,
        (Category::Electronics, _) => monitor,
        (Category::Phones, _) => phone,
        (Category::Furniture, _) => [sofa, chair, table][variant as usize % 3],
        (Category::Clothing, 0) => tshirt,
        (Category::Clothing, _) => jacket,
        (Category::Books, 0) => book_stack,
        (Category::Books, _) => book_row,
        (Category::BabyKids, 0) => stroller,
        (Category::BabyKids, _) => blocks,
        (Category::Sports, 0) => bicycle,
        (Category::Sports, _) => ball,
        (Category::Other, 0) => plant,
        (Category::Other, _) => lamp,
    };
    object(&mut c, variant);
    c.img
}

labelled_subjects! {
    Fridge => fridge, Washer => washer, Fan => fan, Laptop => laptop, EReader => ereader,
    Phone => phone, Sofa => sofa, RiceCooker => rice_cooker, SoyMilkMaker => soy_milk_maker,
    Monitor => monitor, Speaker => speaker, PcTower => pc_tower, Table => table, Chair => chair,
    Jacket => jacket, TShirt => tshirt, Shoes => shoes, BookStack => book_stack, BookRow => book_row,
    Stroller => stroller, Blocks => blocks, Crib => crib, Scooter => scooter, Bicycle => bicycle,
    YogaMat => yoga_mat, Ball => ball, Dumbbells => dumbbells, Tent => tent, Plant => plant,
    Lamp => lamp, Boxes => boxes, Suitcase => suitcase, Kettle => kettle, Microwave => microwave,
    AirPurifier => air_purifier, Vacuum => vacuum, Headphones => headphones, Racket => racket,
    BabyCarrier => baby_carrier, DeskLamp => desk_lamp,
}

/// Which drawing a demo title names: the first entry whose word the title contains (case
/// ignored). Demo listings are drawn by title, so every picture shows the item its title
/// names; `None` for a title no entry knows (then the category's drawing).
const SUBJECT_WORDS: &[(&str, Subject)] = &[
    ("冰箱", Subject::Fridge),
    ("洗衣机", Subject::Washer),
    ("风扇", Subject::Fan),
    ("笔记本", Subject::Laptop),
    ("kindle", Subject::EReader),
    ("iphone", Subject::Phone),
    ("手机", Subject::Phone),
    ("mate", Subject::Phone),
    ("沙发", Subject::Sofa),
    ("sofa", Subject::Sofa),
    ("电饭煲", Subject::RiceCooker),
    ("豆浆机", Subject::SoyMilkMaker),
    ("显示器", Subject::Monitor),
    ("音箱", Subject::Speaker),
    ("主机", Subject::PcTower),
    ("书桌", Subject::Table),
    ("餐桌", Subject::Table),
    ("椅子", Subject::Chair),
    ("折叠椅", Subject::Chair),
    ("羽绒服", Subject::Jacket),
    ("西装", Subject::Jacket),
    ("外套", Subject::Jacket),
    ("冬衣", Subject::TShirt),
    ("shoes", Subject::Shoes),
    ("教辅", Subject::BookStack),
    ("真题", Subject::BookStack),
    ("三体", Subject::BookRow),
    ("绘本", Subject::BookStack),
    ("童书", Subject::BookRow),
    ("novels", Subject::BookRow),
    ("推车", Subject::Stroller),
    ("积木", Subject::Blocks),
    ("婴儿床", Subject::Crib),
    ("滑板车", Subject::Scooter),
    ("山地车", Subject::Bicycle),
    ("瑜伽垫", Subject::YogaMat),
    ("篮球", Subject::Ball),
    ("哑铃", Subject::Dumbbells),
    ("tent", Subject::Tent),
    ("绿萝", Subject::Plant),
    ("落地灯", Subject::Lamp),
    ("台灯", Subject::DeskLamp),
    ("收纳箱", Subject::Boxes),
    ("行李箱", Subject::Suitcase),
    ("电热水壶", Subject::Kettle),
    ("微波炉", Subject::Microwave),
    ("空气净化器", Subject::AirPurifier),
    ("吸尘器", Subject::Vacuum),
    ("耳机", Subject::Headphones),
    ("球拍", Subject::Racket),
    ("背带", Subject::BabyCarrier),
];

/// The drawing made for the item `title` names, if there is one.
pub fn subject_for(title: &str) -> Option<Subject> {
    let title = title.to_lowercase();
    SUBJECT_WORDS.iter().find(|(word, _)| title.contains(word)).map(|(_, s)| *s)
}

/// Draws `subject` (see [`draw`] for `variant` and `view`).
pub fn draw_subject(subject: Subject, variant: u32, view: u32) -> RgbImage {
    let mut c = Canvas::new(variant, view);
    c.background();
    c.draw(Ellipse(600., GROUND, 330., 30.), c.shadow);
    subject.object()(&mut c, variant);
    c.img
}

// ---- colours -------------------------------------------------------------------------------

/// A small integer hash (murmur3 finaliser) so colours follow from `variant` deterministically.
fn hash(variant: u32, salt: u32) -> u32 {
    let mut x = variant.wrapping_mul(0x9E37_79B1) ^ salt.wrapping_mul(0x85EB_CA6B).wrapping_add(0x68E3_1DA4);
    x ^= x >> 16;
    x = x.wrapping_mul(0x7FEB_352D);
    x ^= x >> 15;
    x = x.wrapping_mul(0x846C_A68B);
    x ^ (x >> 16)
}

fn pick_from(list: &[u32], variant: u32, salt: u32) -> C {
    hex(list[hash(variant, salt) as usize % list.len()])
}

fn pick(variant: u32, salt: u32) -> C {
    pick_from(&PALETTE, variant, salt)
}

/// A number in `lo..lo + span` derived from the variant.
fn vary(variant: u32, salt: u32, lo: f32, span: u32) -> f32 {
    lo + (hash(variant, salt) % span) as f32
}

fn hex(rgb: u32) -> C {
    Rgb([(rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8])
}

fn mix(a: C, b: C, t: f32) -> C {
    let t = t.clamp(0., 1.);
    Rgb(std::array::from_fn(|i| (a.0[i] as f32 + (b.0[i] as f32 - a.0[i] as f32) * t).round() as u8))
}

fn dark(c: C, t: f32) -> C {
    mix(c, hex(0x000000), t)
}

fn light(c: C, t: f32) -> C {
    mix(c, hex(0xFFFFFF), t)
}

// ---- shapes and canvas ---------------------------------------------------------------------

/// A filled shape in design space.
#[derive(Clone, Copy)]
enum Shape<'a> {
    Rect(f32, f32, f32, f32),
    /// Corners and corner radius.
    RRect(f32, f32, f32, f32, f32),
    /// Centre and radii.
    Ellipse(f32, f32, f32, f32),
    /// Centre, outer radius and width.
    Ring(f32, f32, f32, f32),
    /// A thick segment with round ends: two points and width.
    Line(f32, f32, f32, f32, f32),
    /// An ellipse turned by an angle (radians): centre, radii, angle.
    Leaf(f32, f32, f32, f32, f32),
    Poly(&'a [(f32, f32)]),
}
use Shape::*;

fn circle(x: f32, y: f32, r: f32) -> Shape<'static> {
    Ellipse(x, y, r, r)
}

impl Shape<'_> {
    fn bounds(&self) -> [f32; 4] {
        match *self {
            Rect(x0, y0, x1, y1) | RRect(x0, y0, x1, y1, _) => [x0, y0, x1, y1],
            Ellipse(x, y, rx, ry) => [x - rx, y - ry, x + rx, y + ry],
            Ring(x, y, r, _) => [x - r, y - r, x + r, y + r],
            Line(x0, y0, x1, y1, w) => [x0.min(x1) - w, y0.min(y1) - w, x0.max(x1) + w, y0.max(y1) + w],
            Leaf(x, y, rx, ry, _) => {
                let r = rx.max(ry);
                [x - r, y - r, x + r, y + r]
            }
            Poly(pts) => pts.iter().fold([f32::MAX, f32::MAX, f32::MIN, f32::MIN], |b, &(x, y)| {
                [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)]
            }),
        }
    }

    fn contains(&self, x: f32, y: f32) -> bool {
        match *self {
            Rect(x0, y0, x1, y1) => x >= x0 && x < x1 && y >= y0 && y < y1,
            RRect(x0, y0, x1, y1, r) => {
                let r = r.min((x1 - x0) / 2.).min((y1 - y0) / 2.);
                let qx = (x0 + r - x).max(x - x1 + r).max(0.);
                let qy = (y0 + r - y).max(y - y1 + r).max(0.);
                Rect(x0, y0, x1, y1).contains(x, y) && qx * qx + qy * qy <= r * r
            }
            Ellipse(cx, cy, rx, ry) => ((x - cx) / rx).powi(2) + ((y - cy) / ry).powi(2) <= 1.,
            Ring(cx, cy, r, w) => {
                let d = (x - cx).hypot(y - cy);
                d <= r && d >= r - w
            }
            Line(x0, y0, x1, y1, w) => {
                let (dx, dy) = (x1 - x0, y1 - y0);
                let t = (((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy).max(1e-6)).clamp(0., 1.);
                (x - x0 - t * dx).hypot(y - y0 - t * dy) <= w / 2.
            }
            Leaf(cx, cy, rx, ry, a) => {
                let (s, co) = a.sin_cos();
                let (dx, dy) = (x - cx, y - cy);
                ((dx * co + dy * s) / rx).powi(2) + ((dy * co - dx * s) / ry).powi(2) <= 1.
            }
            Poly(pts) => {
                // Even-odd crossing test.
                let mut inside = false;
                for (i, &(xa, ya)) in pts.iter().enumerate() {
                    let (xb, yb) = pts[(i + 1) % pts.len()];
                    if (ya > y) != (yb > y) && x < xa + (y - ya) / (yb - ya) * (xb - xa) {
                        inside = !inside;
                    }
                }
                inside
            }
        }
    }
}

struct Canvas {
    img: RgbImage,
    /// Camera: zoom, and the design-space point shown at the image centre.
    scale: f32,
    focus: (f32, f32),
    wall: C,
    table: C,
    shadow: C,
}

impl Canvas {
    fn new(variant: u32, view: u32) -> Self {
        let nudge = ((view / 3) % 4) as f32 * 30.;
        let (scale, fx, fy) = match view % 3 {
            0 => (1.0, 600., 450.),
            1 => (1.5, [520., 680.][variant as usize % 2], 420.),
            _ => (0.85, 560., 440.),
        };
        let n = WALLS.len();
        let mut wall = hash(variant, 1) as usize % n;
        if view % 3 == 2 {
            wall = (wall + 1 + hash(variant, 2) as usize % (n - 1)) % n;
        }
        let table = pick_from(&TABLES, variant, 3);
        Canvas {
            img: RgbImage::new(WIDTH, HEIGHT),
            scale,
            focus: (fx + nudge, fy),
            wall: hex(WALLS[wall]),
            table,
            shadow: dark(table, 0.22),
        }
    }

    /// Design-space point at the centre of a pixel.
    fn design(&self, px: u32, py: u32) -> (f32, f32) {
        let x = (px as f32 + 0.5 - WIDTH as f32 / 2.) / self.scale + self.focus.0;
        let y = (py as f32 + 0.5 - HEIGHT as f32 / 2.) / self.scale + self.focus.1;
        (x, y)
    }

    /// Pixel position of a design-space point.
    fn pixel(&self, x: f32, y: f32) -> (f32, f32) {
        ((x - self.focus.0) * self.scale + WIDTH as f32 / 2., (y - self.focus.1) * self.scale + HEIGHT as f32 / 2.)
    }

    /// A wall with a soft vertical gradient above a table top.
    fn background(&mut self) {
        let (wall, table) = (self.wall, self.table);
        for py in 0..HEIGHT {
            let (_, y) = self.design(0, py);
            let col = if y < HORIZON {
                mix(light(wall, 0.45), wall, y / HORIZON)
            } else if y < HORIZON + 5. {
                dark(table, 0.12)
            } else {
                mix(light(table, 0.12), dark(table, 0.1), (y - HORIZON) / (HEIGHT as f32 - HORIZON))
            };
            for px in 0..WIDTH {
                self.img.put_pixel(px, py, col);
            }
        }
    }

    /// Colours every pixel inside `shape` (and inside `clip`, if any) with `colour(x, y)`.
    fn paint(&mut self, shape: &Shape, clip: Option<&Shape>, colour: impl Fn(f32, f32) -> C) {
        let [x0, y0, x1, y1] = shape.bounds();
        let (px0, py0) = self.pixel(x0, y0);
        let (px1, py1) = self.pixel(x1, y1);
        let span = |a: f32, b: f32, max: u32| a.max(0.) as u32..(b.ceil().max(0.) as u32).min(max);
        for py in span(py0, py1, HEIGHT) {
            for px in span(px0, px1, WIDTH) {
                let (x, y) = self.design(px, py);
                if shape.contains(x, y) && clip.is_none_or(|c| c.contains(x, y)) {
                    self.img.put_pixel(px, py, colour(x, y));
                }
            }
        }
    }

    fn draw(&mut self, shape: Shape, col: C) {
        self.paint(&shape, None, |_, _| col);
    }

    fn clip(&mut self, shape: Shape, clip: Shape, col: C) {
        self.paint(&shape, Some(&clip), |_, _| col);
    }

    /// A vertical two-colour gradient filling `shape` between heights `y0` and `y1`.
    fn gradient(&mut self, shape: Shape, (y0, y1): (f32, f32), top: C, bottom: C) {
        self.paint(&shape, None, |_, y| mix(top, bottom, (y - y0) / (y1 - y0)));
    }
}

// ---- objects -------------------------------------------------------------------------------

fn fridge(c: &mut Canvas, v: u32) {
    let body = pick_from(&APPLIANCES, v, 10);
    let edge = dark(body, 0.25);
    c.draw(Rect(475., 690., 510., GROUND), dark(body, 0.6));
    c.draw(Rect(690., 690., 725., GROUND), dark(body, 0.6));
    c.draw(RRect(445., 120., 755., 702., 30.), edge);
    c.draw(RRect(452., 127., 748., 695., 25.), body);
    c.draw(Rect(452., 318., 748., 326.), edge);
    c.draw(RRect(472., 150., 482., 300., 5.), light(body, 0.6));
    c.draw(RRect(700., 190., 716., 290., 8.), dark(body, 0.45));
    c.draw(RRect(700., 360., 716., 520., 8.), dark(body, 0.45));
    // A note held by a magnet.
    c.draw(Poly(&[(520., 390.), (600., 382.), (606., 470.), (526., 478.)]), hex(0xFCF6D2));
    c.draw(circle(562., 392., 11.), pick(v, 11));
}

fn washer(c: &mut Canvas, v: u32) {
    let body = pick_from(&APPLIANCES, v, 12);
    let edge = dark(body, 0.25);
    c.draw(RRect(415., 285., 785., 706., 26.), edge);
    c.draw(RRect(422., 292., 778., 699., 22.), body);
    c.draw(Rect(422., 385., 778., 392.), edge);
    c.draw(RRect(450., 318., 570., 360., 8.), hex(0x283038));
    c.draw(Rect(466., 331., 520., 347.), hex(0x6EE6A0));
    for i in 0..3 {
        c.draw(circle(610. + i as f32 * 30., 339., 9.), dark(body, 0.35));
    }
    c.draw(circle(725., 339., 26.), edge);
    c.draw(circle(725., 339., 19.), light(body, 0.4));
    // Porthole door with laundry behind the glass.
    let (dx, dy) = (600., 555.);
    c.draw(circle(dx, dy, 132.), dark(body, 0.15));
    c.draw(Ring(dx, dy, 122., 24.), hex(0xACB2BA));
    c.gradient(circle(dx, dy, 98.), (dy - 98., dy + 98.), hex(0x60788C), hex(0x242E3C));
    c.clip(Ellipse(dx, dy + 95., 120., 60.), circle(dx, dy, 98.), pick(v, 13));
    c.clip(Ellipse(dx + 40., dy + 70., 60., 40.), circle(dx, dy, 98.), pick(v, 14));
    c.draw(Leaf(dx - 42., dy - 50., 36., 9., -0.75), hex(0xBED2E1));
}

/// A little landscape wallpaper for screens.
fn wallpaper(c: &mut Canvas, [x0, y0, x1, y1]: [f32; 4], v: u32) {
    let screen = Rect(x0, y0, x1, y1);
    let sky = pick(v, 30);
    let (w, h) = (x1 - x0, y1 - y0);
    c.gradient(screen, (y0, y1), light(sky, 0.55), light(sky, 0.1));
    c.clip(circle(x0 + w * 0.72, y0 + h * 0.3, h * 0.12), screen, hex(0xFFEC96));
    c.clip(Ellipse(x0 + w * 0.25, y1 + h * 0.05, w * 0.5, h * 0.45), screen, dark(pick(v, 31), 0.1));
    c.clip(Ellipse(x0 + w * 0.8, y1 + h * 0.15, w * 0.5, h * 0.4), screen, dark(pick(v, 31), 0.35));
}

fn laptop(c: &mut Canvas, v: u32) {
    let shell = pick_from(&METALS, v, 20);
    c.draw(RRect(360., 250., 840., 592., 18.), hex(0x24262A));
    wallpaper(c, [380., 270., 820., 572.], v);
    c.draw(circle(600., 260., 3.), hex(0x5A5E64));
    c.draw(Poly(&[(360., 586.), (840., 586.), (915., 680.), (285., 680.)]), shell);
    c.draw(Poly(&[(395., 596.), (805., 596.), (840., 640.), (360., 640.)]), dark(shell, 0.35));
    // Rows of keys inside the keyboard well, widening with perspective.
    for row in 0..3 {
        let y = 600. + row as f32 * 13.;
        let inset = 395. - 35. * (y - 596.) / 44. + 8.;
        let pitch = (1200. - 2. * inset) / 2. / 14.;
        for k in 0..14 {
            let x = inset + k as f32 * pitch;
            c.draw(Rect(x, y, x + pitch - 3., y + 9.), dark(shell, 0.6));
        }
    }
    c.draw(Poly(&[(540., 647.), (660., 647.), (666., 673.), (534., 673.)]), dark(shell, 0.12));
    c.draw(RRect(280., 676., 920., 694., 8.), dark(shell, 0.22));
}

fn monitor(c: &mut Canvas, v: u32) {
    let stand = pick_from(&METALS, v, 21);
    c.draw(Poly(&[(575., 520.), (625., 520.), (645., 690.), (555., 690.)]), dark(stand, 0.15));
    c.draw(RRect(465., 680., 735., 706., 12.), stand);
    c.draw(RRect(315., 160., 885., 540., 16.), hex(0x222428));
    wallpaper(c, [333., 178., 867., 508.], v);
    c.draw(circle(600., 524., 5.), hex(0x5A5E64));
}

fn phone(c: &mut Canvas, v: u32) {
    let case = pick_from(&[0x282A30, 0xECECE8, 0xDEC4A0, 0x466EA0, 0xE8AAB4], v, 40);
    let (top, bottom) = (light(pick(v, 41), 0.3), dark(pick(v, 42), 0.25));
    c.draw(RRect(726., 250., 738., 330., 4.), dark(case, 0.3));
    c.draw(RRect(468., 140., 732., 706., 46.), dark(case, 0.25));
    c.draw(RRect(474., 146., 726., 700., 42.), case);
    c.gradient(RRect(488., 162., 712., 684., 32.), (162., 684.), top, bottom);
    c.draw(circle(600., 186., 9.), hex(0x141418));
    // A clock widget, a grid of app icons and the dock.
    c.draw(RRect(530., 222., 670., 262., 14.), light(top, 0.7));
    c.draw(RRect(556., 272., 644., 284., 6.), light(top, 0.5));
    for i in 0..16 {
        let (x, y) = (499. + (i % 4) as f32 * 54., 320. + (i / 4) as f32 * 64.);
        c.draw(RRect(x, y, x + 40., y + 40., 11.), pick(v, 43 + i));
    }
    c.draw(RRect(496., 600., 704., 670., 24.), mix(bottom, hex(0xFFFFFF), 0.3));
    for i in 0..4 {
        let x = 509. + i as f32 * 48.;
        c.draw(RRect(x, 615., x + 38., 653., 11.), pick(v, 60 + i));
    }
}

fn sofa(c: &mut Canvas, v: u32) {
    let fabric = pick(v, 50);
    let deep = dark(fabric, 0.2);
    for x in [345., 835.] {
        c.draw(Rect(x, 650., x + 20., GROUND), hex(0x5A3E28));
    }
    c.draw(RRect(350., 330., 850., 540., 34.), deep);
    c.draw(RRect(325., 530., 875., 662., 22.), deep);
    for x in [385., 602.] {
        c.draw(RRect(x, 355., x + 213., 520., 26.), fabric);
        c.draw(RRect(x - 10., 505., x + 213., 578., 18.), light(fabric, 0.1));
    }
    for x in [300., 800.] {
        c.draw(RRect(x, 430., x + 100., 662., 40.), fabric);
        c.draw(RRect(x + 8., 438., x + 92., 470., 16.), light(fabric, 0.15));
    }
    c.draw(Leaf(460., 465., 58., 46., 0.3), pick(v, 51));
}

fn chair(c: &mut Canvas, v: u32) {
    let wood = pick_from(&WOODS, v, 52);
    let seat = pick(v, 53);
    c.draw(Line(525., 520., 535., GROUND, 16.), dark(wood, 0.3));
    c.draw(Line(675., 520., 665., GROUND, 16.), dark(wood, 0.3));
    c.draw(Line(495., 500., 505., 220., 20.), wood);
    c.draw(Line(705., 500., 695., 220., 20.), wood);
    for i in 0..3 {
        let x = 548. + i as f32 * 47.;
        c.draw(Rect(x, 300., x + 18., 480.), wood);
    }
    c.draw(RRect(488., 212., 712., 310., 18.), wood);
    c.draw(RRect(503., 226., 697., 296., 12.), seat);
    c.draw(RRect(450., 495., 750., 530., 10.), dark(wood, 0.15));
    c.draw(RRect(458., 460., 742., 506., 18.), seat);
    c.draw(Line(475., 520., 462., GROUND, 20.), wood);
    c.draw(Line(725., 520., 738., GROUND, 20.), wood);
    c.draw(Line(470., 640., 730., 640., 10.), dark(wood, 0.15));
}

fn table(c: &mut Canvas, v: u32) {
    let wood = pick_from(&WOODS, v, 54);
    for x in [405., 770.] {
        c.draw(Rect(x, 470., x + 25., 682.), dark(wood, 0.35));
    }
    for x in [335., 830.] {
        c.draw(Rect(x, 470., x + 35., GROUND), dark(wood, 0.1));
    }
    c.draw(Rect(320., 455., 880., 500.), dark(wood, 0.2));
    c.draw(RRect(295., 425., 905., 462., 10.), wood);
    c.draw(Rect(300., 425., 900., 432.), light(wood, 0.2));
    // A vase of flowers on top.
    let green = pick_from(&GREENS, v, 56);
    let heads = [(555., 220.), (600., 190.), (650., 228.)];
    for &(x, y) in &heads {
        c.draw(Line(600., 310., x, y, 6.), green);
    }
    for (i, &(x, y)) in heads.iter().enumerate() {
        let petal = pick(v, 57 + i as u32);
        for k in 0..6 {
            let a = k as f32 * PI / 3.;
            c.draw(circle(x + 18. * a.cos(), y + 18. * a.sin(), 14.), petal);
        }
        c.draw(circle(x, y, 11.), hex(0xFAD250));
    }
    let vase = pick(v, 55);
    c.draw(RRect(580., 290., 620., 330., 6.), vase);
    c.draw(Ellipse(600., 368., 50., 58.), vase);
    c.draw(Leaf(582., 350., 24., 7., -1.2), light(vase, 0.4));
}

/// A symmetric outline from its left half (top to bottom), mirrored about x = 600.
fn mirrored(left: &[(f32, f32)]) -> Vec<(f32, f32)> {
    left.iter().copied().chain(left.iter().rev().map(|&(x, y)| (1200. - x, y))).collect()
}

fn tshirt(c: &mut Canvas, v: u32) {
    let cloth = pick(v, 60);
    let outline = mirrored(&[(525., 195.), (440., 220.), (320., 330.), (385., 415.), (455., 365.), (455., 705.)]);
    let shirt = Poly(&outline);
    c.draw(shirt, cloth);
    if hash(v, 61) % 2 == 1 {
        for i in 0..5 {
            let y = 430. + i as f32 * 55.;
            c.clip(Rect(300., y, 900., y + 22.), shirt, light(cloth, 0.6));
        }
    } else {
        c.draw(circle(600., 430., 62.), light(cloth, 0.7));
        c.draw(circle(600., 430., 40.), pick(v, 62));
    }
    c.draw(Rect(455., 688., 745., 694.), dark(cloth, 0.12));
    c.draw(Ellipse(600., 196., 80., 42.), dark(cloth, 0.2));
    c.draw(Ellipse(600., 190., 66., 30.), dark(cloth, 0.35));
}

fn jacket(c: &mut Canvas, v: u32) {
    let cloth = pick(v, 63);
    let left = [(530., 185.), (445., 205.), (375., 250.), (325., 640.), (400., 655.), (455., 385.), (455., 705.)];
    c.draw(Poly(&mirrored(&left)), cloth);
    c.draw(Line(332., 632., 396., 645., 26.), dark(cloth, 0.25));
    c.draw(Line(804., 645., 868., 632., 26.), dark(cloth, 0.25));
    c.draw(Rect(455., 675., 745., 705.), dark(cloth, 0.25));
    c.draw(Line(500., 560., 530., 610., 8.), dark(cloth, 0.3));
    c.draw(Line(700., 560., 670., 610., 8.), dark(cloth, 0.3));
    c.draw(Line(600., 240., 600., 700., 7.), hex(0xC8C8CE));
    c.draw(Poly(&[(530., 185.), (670., 185.), (600., 250.)]), dark(cloth, 0.5));
    c.draw(Poly(&[(530., 180.), (600., 250.), (560., 300.), (498., 200.)]), dark(cloth, 0.18));
    c.draw(Poly(&[(670., 180.), (600., 250.), (640., 300.), (702., 200.)]), dark(cloth, 0.18));
}

/// A book lying flat: either its coloured spine or its page block faces the camera.
fn lying_book(c: &mut Canvas, [x0, y0, x1, y1]: [f32; 4], col: C, spine: bool) {
    c.draw(RRect(x0, y0, x1, y1, 6.), col);
    if spine {
        for x in [x0 + 28., x1 - 40.] {
            c.draw(Rect(x, y0 + 6., x + 12., y1 - 6.), light(col, 0.5));
        }
        let (mx, my) = ((x0 + x1) / 2., (y0 + y1) / 2.);
        c.draw(RRect(mx - 70., my - 7., mx + 70., my + 7., 4.), light(col, 0.65));
    } else {
        c.draw(Rect(x0 + 12., y0 + 8., x1 - 4., y1 - 8.), hex(0xFAF4E4));
        let mut y = y0 + 14.;
        while y < y1 - 10. {
            c.draw(Rect(x0 + 12., y, x1 - 4., y + 2.), hex(0xE2D8C2));
            y += 8.;
        }
    }
}

fn book_stack(c: &mut Canvas, v: u32) {
    let mut y = GROUND;
    for i in 0..4 + hash(v, 70) % 2 {
        let h = vary(v, 71 + i, 52., 32);
        let w = 430. - i as f32 * 25. + vary(v, 80 + i, 0., 40);
        let x0 = 600. - w / 2. + vary(v, 90 + i, -25., 50);
        lying_book(c, [x0, y - h, x0 + w, y], pick(v, 100 + i), i % 3 != 1);
        y -= h;
    }
}

fn book_row(c: &mut Canvas, v: u32) {
    let mut x = 380.;
    for i in 0..6 + hash(v, 72) % 3 {
        let (w, h) = (vary(v, 73 + i, 38., 30), vary(v, 110 + i, 240., 120));
        let col = pick(v, 120 + i);
        let top = GROUND - h;
        c.draw(RRect(x, top, x + w, GROUND, 5.), col);
        c.draw(Rect(x + 4., top + 18., x + w - 4., top + 28.), light(col, 0.45));
        c.draw(Rect(x + 4., GROUND - 34., x + w - 4., GROUND - 26.), light(col, 0.45));
        c.draw(RRect(x + w / 2. - 5., top + 56., x + w / 2. + 5., top + 56. + h * 0.4, 4.), light(col, 0.6));
        x += w + 3.;
    }
    // One book leans on the row, resting on its bottom-left corner.
    let (w, h, a) = (44., 210., 0.32_f32);
    let (up, across) = ((-a.sin(), -a.cos()), (a.cos(), -a.sin()));
    let p0 = (x + h * a.sin() + 2., GROUND);
    let at = |s: f32, t: f32| (p0.0 + across.0 * s + up.0 * t, p0.1 + across.1 * s + up.1 * t);
    let col = pick(v, 140);
    c.draw(Poly(&[at(0., 0.), at(w, 0.), at(w, h), at(0., h)]), col);
    c.draw(Poly(&[at(4., h - 34.), at(w - 4., h - 34.), at(w - 4., h - 22.), at(4., h - 22.)]), light(col, 0.45));
}

fn stroller(c: &mut Canvas, v: u32) {
    let fabric = pick(v, 130);
    let frame = hex(0x3C4048);
    c.draw(Line(720., 450., 820., 270., 12.), frame);
    c.draw(Line(800., 262., 850., 282., 22.), hex(0x1E1E22));
    c.draw(Line(480., 520., 440., 650., 10.), frame);
    c.draw(Line(680., 520., 720., 650., 10.), frame);
    for x in [440., 720.] {
        c.draw(Ring(x, 650., 62., 16.), hex(0x28282C));
        c.draw(circle(x, 650., 14.), hex(0xAAAAB0));
    }
    c.clip(Ellipse(580., 440., 195., 135.), Rect(370., 440., 790., 600.), fabric);
    c.draw(RRect(380., 430., 780., 452., 10.), dark(fabric, 0.25));
    // The hood: the top-left part of a disc, with ribs.
    let hood = Rect(385., 250., 650., 432.);
    c.clip(circle(560., 432., 175.), hood, pick(v, 131));
    for r in [120., 65.] {
        c.clip(Ring(560., 432., r, 7.), hood, dark(pick(v, 131), 0.2));
    }
}

fn block(c: &mut Canvas, x: f32, y: f32, col: C, kind: u32) {
    let s = 150.;
    let (mx, my) = (x + s / 2., y + s / 2.);
    c.draw(RRect(x, y, x + s, y + s, 14.), col);
    c.draw(RRect(x + 14., y + 14., x + s - 14., y + s - 14., 10.), light(col, 0.3));
    let mark = dark(col, 0.25);
    match kind % 3 {
        0 => c.draw(circle(mx, my, 34.), mark),
        1 => c.draw(Poly(&[(mx, my - 38.), (mx + 40., my + 32.), (mx - 40., my + 32.)]), mark),
        _ => {
            c.draw(Rect(mx - 12., my - 38., mx + 12., my + 38.), mark);
            c.draw(Rect(mx - 38., my - 12., mx + 38., my + 12.), mark);
        }
    }
}

fn blocks(c: &mut Canvas, v: u32) {
    let rows: [&[f32]; 3] = [&[365., 525., 685.], &[445., 605.], &[525.]];
    let mut i = 0;
    for (row, xs) in rows.iter().enumerate() {
        for &x in xs.iter() {
            block(c, x, GROUND - 150. * (row as f32 + 1.), pick(v, 140 + i), i + hash(v, 149));
            i += 1;
        }
    }
}

fn bicycle(c: &mut Canvas, v: u32) {
    let paint = pick(v, 150);
    let (rear, front, bb, seat, head) = ((400., 580.), (800., 580.), (585., 580.), (545., 380.), (745., 375.));
    for (x, y) in [rear, front] {
        for k in 0..12 {
            let a = k as f32 * PI / 6.;
            c.draw(Line(x, y, x + 112. * a.cos(), y + 112. * a.sin(), 3.), hex(0x96969E));
        }
        c.draw(Ring(x, y, 130., 16.), hex(0x26262A));
        c.draw(Ring(x, y, 116., 4.), hex(0xBEBEC4));
        c.draw(circle(x, y, 11.), hex(0x6E6E74));
    }
    let bar = |c: &mut Canvas, a: (f32, f32), b: (f32, f32), w: f32, col: C| c.draw(Line(a.0, a.1, b.0, b.1, w), col);
    for (a, b) in [(rear, bb), (rear, seat), (seat, bb), (seat, head), (head, bb)] {
        bar(c, a, b, 14., paint);
    }
    bar(c, head, front, 12., dark(paint, 0.2));
    bar(c, seat, (538., 345.), 8., hex(0x787880));
    c.draw(Leaf(532., 340., 46., 11., 0.05), hex(0x28282C));
    bar(c, head, (735., 318.), 10., hex(0x787880));
    bar(c, (705., 322.), (780., 308.), 10., hex(0x28282C));
    c.draw(circle(bb.0, bb.1, 26.), hex(0x787880));
    bar(c, bb, (615., 628.), 8., hex(0x505058));
    bar(c, (598., 630.), (634., 630.), 10., hex(0x28282C));
}

fn ball(c: &mut Canvas, v: u32) {
    let (cx, cy, r) = (600., 475., 235.);
    let ball = circle(cx, cy, r);
    if hash(v, 160) % 2 == 1 {
        // Basketball: orange with dark seams.
        let skin = pick_from(&[0xE67828, 0xD66028, 0xEC8C3C], v, 161);
        let seam = hex(0x32241E);
        c.draw(ball, skin);
        c.clip(Line(cx, cy - r, cx, cy + r, 9.), ball, seam);
        c.clip(Line(cx - r, cy, cx + r, cy, 9.), ball, seam);
        c.clip(Ring(cx - 330., cy, 250., 9.), ball, seam);
        c.clip(Ring(cx + 330., cy, 250., 9.), ball, seam);
        c.draw(Leaf(cx - 120., cy - 120., 50., 20., -0.8), light(skin, 0.35));
    } else {
        // Beach ball: six coloured and white segments around a white cap.
        let white = hex(0xFAFAF6);
        let cols = [pick(v, 162), white, pick(v, 163), white, pick(v, 164), white];
        c.paint(&ball, None, |x, y| cols[(((y - cy).atan2(x - cx) + PI) / (PI / 3.)) as usize % 6]);
        c.draw(circle(cx, cy, 42.), white);
        c.draw(Leaf(cx - 120., cy - 120., 50., 20., -0.8), hex(0xFFFFFF));
    }
}

fn plant(c: &mut Canvas, v: u32) {
    let green = pick_from(&GREENS, v, 171);
    let base = (600., 540.);
    let n = 7 + hash(v, 172) % 3;
    for i in 0..n {
        // Leaves fan out upwards; alternate ones are shorter and darker so the fan has depth.
        let a = -PI + 0.3 + (i as f32 + 0.5) * (PI - 0.6) / n as f32;
        let back = i % 2 == 1;
        let len = vary(v, 173 + i, 200., 80) * if back { 0.8 } else { 1. };
        let col = if back { dark(green, 0.2) } else { green };
        let at = |t: f32| (base.0 + a.cos() * len * t, base.1 + a.sin() * len * t);
        let ((sx, sy), (mx, my), (tx, ty)) = (at(0.35), at(0.62), at(0.95));
        c.draw(Line(base.0, base.1, sx, sy, 8.), dark(green, 0.3));
        c.draw(Leaf(mx, my, len * 0.36, len * 0.14, a), col);
        c.draw(Line(sx, sy, tx, ty, 3.), light(col, 0.3));
    }
    let pot = pick_from(&[0xC86E46, 0xECE8E0, 0x466EA0, 0xA0A096], v, 170);
    c.draw(Poly(&[(495., 560.), (705., 560.), (675., GROUND), (525., GROUND)]), pot);
    c.draw(RRect(475., 530., 725., 580., 10.), dark(pot, 0.12));
    c.draw(Rect(508., 625., 692., 640.), light(pot, 0.25));
}

fn lamp(c: &mut Canvas, v: u32) {
    let shade = pick_from(&[0xF0DCAA, 0xE6B46E, 0x96C8BE, 0xDCA0A0, 0x96AAD2], v, 180);
    let metal = pick_from(&METALS, v, 181);
    let glow = mix(c.wall, hex(0xFFECAA), 0.3);
    c.clip(Ellipse(600., 300., 280., 220.), Rect(0., 0., 1200., HORIZON), glow);
    c.draw(Ellipse(600., 700., 95., 14.), dark(metal, 0.3));
    c.draw(RRect(510., 682., 690., 704., 11.), metal);
    c.draw(Line(600., 690., 600., 360., 12.), metal);
    c.draw(Ellipse(600., 372., 130., 16.), hex(0xFFF0B4));
    c.draw(Poly(&[(515., 190.), (685., 190.), (745., 368.), (455., 368.)]), shade);
    c.draw(Rect(455., 360., 745., 370.), dark(shade, 0.15));
    c.draw(Rect(515., 190., 685., 198.), dark(shade, 0.15));
}

// ---- objects drawn for particular demo titles ------------------------------------------------

fn fan(c: &mut Canvas, v: u32) {
    let body = pick_from(&APPLIANCES, v, 70);
    c.draw(Ellipse(600., 695., 130., 20.), dark(body, 0.35));
    c.draw(Line(600., 470., 600., 690., 24.), dark(body, 0.15));
    c.draw(RRect(560., 440., 640., 500., 14.), body);
    c.draw(circle(600., 290., 180.), light(body, 0.55));
    let blade = pick(v, 71);
    for k in 0..3 {
        let a = k as f32 * 2. * PI / 3. + 0.4;
        c.draw(Leaf(600. + a.cos() * 85., 290. + a.sin() * 85., 88., 42., a), blade);
    }
    c.draw(circle(600., 290., 34.), dark(body, 0.3));
    for k in 0..12 {
        let a = k as f32 * PI / 6.;
        c.draw(Line(600., 290., 600. + a.cos() * 178., 290. + a.sin() * 178., 3.), dark(body, 0.3));
    }
    c.draw(Ring(600., 290., 182., 12.), dark(body, 0.35));
}

fn ereader(c: &mut Canvas, v: u32) {
    let case = pick_from(&[0x22252A, 0x3C4A5A, 0x5A3A2A], v, 72);
    c.draw(RRect(440., 150., 760., 700., 30.), dark(case, 0.2));
    c.draw(RRect(446., 156., 754., 694., 26.), case);
    c.draw(Rect(472., 190., 728., 640.), hex(0xE8E6DF));
    for row in 0..13 {
        let y = 215. + row as f32 * 31.;
        let end = if row % 5 == 4 { 620. } else { 705. };
        c.draw(Rect(492., y, end, y + 9.), hex(0x77787A));
    }
    c.draw(RRect(580., 655., 620., 664., 4.), dark(case, 0.4));
}

fn rice_cooker(c: &mut Canvas, v: u32) {
    let body = pick_from(&APPLIANCES, v, 73);
    c.draw(RRect(410., 380., 790., 700., 80.), dark(body, 0.2));
    c.draw(RRect(418., 388., 782., 692., 74.), body);
    c.draw(Ellipse(600., 385., 185., 70.), dark(body, 0.25));
    c.draw(Ellipse(600., 375., 175., 62.), light(body, 0.25));
    c.draw(RRect(555., 300., 645., 330., 14.), dark(body, 0.4));
    c.draw(RRect(520., 520., 680., 610., 18.), hex(0x30343A));
    c.draw(Rect(540., 540., 600., 562.), hex(0x78E6A0));
    c.draw(circle(640., 585., 12.), pick(v, 74));
    c.draw(circle(560., 585., 12.), hex(0xE74C3C));
}

fn soy_milk_maker(c: &mut Canvas, v: u32) {
    let body = pick_from(&APPLIANCES, v, 75);
    c.draw(RRect(470., 560., 730., 705., 30.), dark(body, 0.25));
    c.draw(Poly(&[(485., 250.), (715., 250.), (700., 565.), (500., 565.)]), light(body, 0.35));
    c.draw(Poly(&[(500., 420.), (705., 420.), (700., 560.), (502., 560.)]), hex(0xF4EAD2));
    c.draw(RRect(470., 200., 730., 262., 24.), body);
    c.draw(Ring(770., 410., 90., 26.), dark(body, 0.2));
    c.draw(Rect(700., 330., 770., 490.), hex(0xDCE7EE));
    c.draw(circle(600., 635., 22.), pick(v, 76));
}

fn speaker(c: &mut Canvas, v: u32) {
    let body = pick(v, 77);
    c.draw(RRect(500., 250., 700., 705., 70.), dark(body, 0.3));
    c.draw(RRect(508., 258., 692., 697., 64.), body);
    for row in 0..14 {
        for col in 0..5 {
            let (x, y) = (540. + col as f32 * 30. + (row % 2) as f32 * 15., 300. + row as f32 * 26.);
            if x < 670. {
                c.draw(circle(x, y, 6.), dark(body, 0.35));
            }
        }
    }
    c.draw(RRect(560., 665., 640., 678., 6.), light(body, 0.5));
}

fn pc_tower(c: &mut Canvas, v: u32) {
    let shell = pick_from(&[0x1E2024, 0x2C3036, 0xE4E6EA], v, 78);
    c.draw(RRect(470., 170., 730., 705., 14.), dark(shell, 0.3));
    c.draw(RRect(476., 176., 724., 699., 10.), shell);
    c.draw(Rect(500., 210., 700., 250.), light(shell, 0.2));
    c.draw(Rect(500., 270., 700., 290.), light(shell, 0.15));
    c.draw(circle(600., 340., 22.), light(shell, 0.3));
    c.draw(circle(600., 340., 10.), hex(0x5AC8FA));
    for row in 0..9 {
        let y = 420. + row as f32 * 28.;
        c.draw(Rect(510., y, 690., y + 10.), dark(shell, 0.4));
    }
}

fn shoes(c: &mut Canvas, v: u32) {
    let upper = pick(v, 79);
    for (dx, dy) in [(-130., -30.), (90., 0.)] {
        let (x, y) = (600. + dx, 640. + dy);
        c.draw(
            Poly(&[
                (x - 170., y),
                (x - 150., y - 120.),
                (x - 60., y - 130.),
                (x + 40., y - 70.),
                (x + 150., y - 50.),
                (x + 175., y),
            ]),
            upper,
        );
        c.draw(RRect(x - 180., y - 8., x + 185., y + 30., 16.), hex(0xF2F2EE));
        c.draw(Line(x - 90., y - 110., x - 20., y - 80., 8.), light(upper, 0.6));
        c.draw(Line(x - 70., y - 120., x, y - 92., 8.), light(upper, 0.6));
        c.draw(Leaf(x + 60., y - 40., 60., 14., -0.2), light(upper, 0.35));
    }
}

fn crib(c: &mut Canvas, v: u32) {
    let wood = pick_from(&WOODS, v, 80);
    c.draw(Rect(330., 250., 360., GROUND), dark(wood, 0.2));
    c.draw(Rect(840., 250., 870., GROUND), dark(wood, 0.2));
    c.draw(RRect(340., 540., 860., 600., 10.), light(pick(v, 81), 0.5));
    c.draw(Rect(340., 300., 860., 325.), wood);
    c.draw(Rect(340., 600., 860., 625.), wood);
    for i in 0..12 {
        let x = 375. + i as f32 * 40.;
        c.draw(Rect(x, 325., x + 14., 600.), light(wood, 0.1));
    }
}

fn scooter(c: &mut Canvas, v: u32) {
    let frame = pick(v, 82);
    c.draw(RRect(430., 610., 790., 640., 12.), dark(frame, 0.2));
    c.draw(Line(770., 620., 730., 250., 22.), frame);
    c.draw(Line(660., 250., 800., 250., 20.), dark(frame, 0.3));
    for x in [470., 760.] {
        c.draw(circle(x, 668., 44.), hex(0x2A2C30));
        c.draw(circle(x, 668., 20.), light(pick(v, 83), 0.3));
    }
}

fn yoga_mat(c: &mut Canvas, v: u32) {
    let mat = pick(v, 84);
    c.draw(Poly(&[(330., 700.), (880., 700.), (880., 690.), (330., 690.)]), dark(mat, 0.3));
    c.draw(Rect(360., 520., 780., 700.), mat);
    c.draw(Ellipse(780., 610., 50., 90.), dark(mat, 0.2));
    c.draw(Ring(780., 610., 42., 10.), light(mat, 0.3));
    c.draw(Ring(780., 610., 22., 8.), light(mat, 0.3));
    c.draw(Ellipse(360., 610., 50., 90.), light(mat, 0.1));
    c.draw(Line(450., 520., 450., 700., 10.), hex(0x3C3C40));
    c.draw(Line(690., 520., 690., 700., 10.), hex(0x3C3C40));
}

fn dumbbells(c: &mut Canvas, v: u32) {
    let plate = pick_from(&[0x2A2C30, 0x3C4A5A, 0x8A1C14], v, 85);
    for (y, dx) in [(560., -40.), (660., 40.)] {
        c.draw(Line(470. + dx, y, 730. + dx, y, 22.), hex(0xB8BCC2));
        for x in [470. + dx, 690. + dx] {
            c.draw(RRect(x - 20., y - 70., x + 40., y + 70., 14.), plate);
            c.draw(RRect(x - 8., y - 60., x + 6., y + 60., 6.), light(plate, 0.2));
        }
    }
}

fn tent(c: &mut Canvas, v: u32) {
    let cloth = pick(v, 86);
    c.draw(Poly(&[(600., 260.), (900., 700.), (300., 700.)]), cloth);
    c.draw(Poly(&[(600., 260.), (900., 700.), (760., 700.)]), dark(cloth, 0.2));
    c.draw(Poly(&[(600., 380.), (680., 700.), (520., 700.)]), dark(cloth, 0.55));
    c.draw(Line(600., 260., 600., 230., 8.), hex(0x5A5E64));
    c.draw(Line(300., 700., 250., 710., 4.), hex(0x5A5E64));
    c.draw(Line(900., 700., 950., 710., 4.), hex(0x5A5E64));
}

fn boxes(c: &mut Canvas, v: u32) {
    let lid = pick(v, 87);
    for (x, y) in [(330., 480.), (610., 480.), (470., 255.)] {
        c.draw(RRect(x, y + 30., x + 260., y + 225., 14.), hex(0xCDD9E2));
        c.draw(RRect(x + 12., y + 42., x + 248., y + 213., 10.), hex(0xE4EEF4));
        c.draw(Rect(x + 40., y + 120., x + 130., y + 180.), light(pick(v, 88), 0.4));
        c.draw(RRect(x - 10., y, x + 270., y + 38., 10.), lid);
        c.draw(RRect(x + 100., y + 8., x + 160., y + 22., 6.), dark(lid, 0.25));
    }
}

fn suitcase(c: &mut Canvas, v: u32) {
    let shell = pick(v, 89);
    c.draw(Line(545., 250., 545., 170., 12.), hex(0x6E727A));
    c.draw(Line(655., 250., 655., 170., 12.), hex(0x6E727A));
    c.draw(Line(535., 170., 665., 170., 16.), hex(0x3C3E44));
    c.draw(RRect(430., 245., 770., 680., 36.), dark(shell, 0.2));
    c.draw(RRect(438., 253., 762., 672., 32.), shell);
    for x in [500., 560., 640., 700.] {
        c.draw(Rect(x, 270., x + 10., 655.), dark(shell, 0.12));
    }
    for x in [470., 730.] {
        c.draw(circle(x, 695., 16.), hex(0x2A2C30));
    }
}

fn kettle(c: &mut Canvas, v: u32) {
    let body = pick_from(&[0xE8E8E4, 0xC8CCD2, 0xD64C46, 0xBEE2D6], v, 90);
    c.draw(RRect(440., 660., 760., 706., 16.), dark(body, 0.45));
    c.draw(Poly(&[(480., 330.), (720., 330.), (750., 665.), (450., 665.)]), body);
    c.draw(Poly(&[(470., 360.), (400., 300.), (385., 310.), (452., 420.)]), dark(body, 0.1));
    c.draw(Ring(760., 470., 110., 34.), dark(body, 0.3));
    c.draw(Rect(700., 350., 760., 600.), body);
    c.draw(Ellipse(600., 330., 120., 26.), dark(body, 0.15));
    c.draw(RRect(570., 292., 630., 318., 10.), dark(body, 0.4));
    c.draw(Rect(520., 420., 540., 600.), hex(0x9ED2F0));
    c.draw(circle(600., 630., 10.), hex(0x4AA3E0));
}

fn microwave(c: &mut Canvas, v: u32) {
    let body = pick_from(&APPLIANCES, v, 91);
    c.draw(RRect(350., 395., 850., 704., 22.), dark(body, 0.3));
    c.draw(RRect(356., 401., 844., 698., 18.), body);
    c.draw(RRect(385., 430., 690., 670., 12.), dark(body, 0.45));
    c.gradient(Rect(405., 450., 670., 650.), (450., 650.), hex(0x3A4048), hex(0x1E2226));
    c.draw(Leaf(480., 500., 60., 12., -0.5), hex(0x5A626C));
    c.draw(Line(705., 450., 705., 650., 10.), dark(body, 0.2));
    c.draw(Rect(730., 445., 820., 485.), hex(0x30343A));
    c.draw(Rect(742., 455., 790., 475.), hex(0x78E6A0));
    for y in [540., 615.] {
        c.draw(circle(775., y, 28.), dark(body, 0.25));
        c.draw(Line(775., y, 775., y - 22., 6.), light(body, 0.4));
    }
}

fn air_purifier(c: &mut Canvas, v: u32) {
    let body = pick_from(&[0xF4F4F0, 0xE4E6EA, 0x30343A, 0xBCD4EC], v, 92);
    c.draw(RRect(470., 180., 730., 706., 70.), dark(body, 0.25));
    c.draw(RRect(477., 187., 723., 699., 64.), body);
    c.draw(Ellipse(600., 205., 105., 18.), dark(body, 0.35));
    for row in 0..12 {
        let y = 400. + row as f32 * 22.;
        c.draw(RRect(510., y, 690., y + 9., 4.), dark(body, 0.18));
    }
    c.draw(circle(600., 300., 34.), dark(body, 0.12));
    c.draw(Ring(600., 300., 34., 6.), pick(v, 93));
    c.draw(circle(600., 300., 9.), hex(0x5AC8FA));
}

fn vacuum(c: &mut Canvas, v: u32) {
    let body = pick(v, 94);
    c.draw(RRect(430., 645., 730., 706., 24.), dark(body, 0.3));
    c.draw(Rect(450., 690., 710., 702.), hex(0x2A2C30));
    c.draw(Line(665., 220., 585., 655., 24.), hex(0xB8BCC2));
    c.draw(RRect(610., 270., 735., 470., 44.), dark(body, 0.15));
    c.draw(RRect(628., 300., 717., 440., 34.), light(body, 0.55));
    c.draw(RRect(628., 395., 717., 440., 20.), hex(0xC8C0B0));
    c.draw(Line(650., 150., 690., 260., 30.), hex(0x2A2C30));
    c.draw(circle(690., 500., 30.), body);
}

fn headphones(c: &mut Canvas, v: u32) {
    let shell = pick_from(&[0x22252A, 0xF4F4F0, 0x5A78C8, 0xDCA0A0], v, 95);
    let pad = if shell == hex(0x22252A) { hex(0x3C3E44) } else { dark(shell, 0.35) };
    c.clip(Ring(600., 470., 205., 30.), Rect(0., 0., 1200., 480.), dark(shell, 0.1));
    c.clip(Ring(600., 470., 190., 10.), Rect(0., 0., 1200., 480.), light(shell, 0.3));
    for x in [405., 795.] {
        c.draw(Line(x, 470., x, 520., 24.), hex(0x9AA0A8));
        c.draw(RRect(x - 62., 510., x + 62., 700., 54.), shell);
        c.draw(RRect(x - 45., 530., x + 45., 680., 40.), pad);
    }
    c.draw(circle(795., 560., 7.), hex(0x5AC8FA));
}

fn racket(c: &mut Canvas, v: u32) {
    let frame = pick(v, 96);
    let strings = hex(0xF2F2EE);
    c.draw(Ring(560., 300., 150., 16.), frame);
    for k in 0..15 {
        let d = -140. + k as f32 * 20.;
        c.clip(Line(560. + d, 150., 560. + d, 450., 3.), circle(560., 300., 136.), strings);
        c.clip(Line(410., 300. + d, 710., 300. + d, 3.), circle(560., 300., 136.), strings);
    }
    c.draw(Line(560., 450., 560., 600., 12.), hex(0x6E727A));
    c.draw(RRect(538., 590., 582., 706., 14.), dark(frame, 0.3));
    // A shuttlecock beside it.
    c.draw(Poly(&[(735., 560.), (835., 560.), (805., 680.), (765., 680.)]), strings);
    for x in [755., 785., 815.] {
        c.draw(Line(x, 565., 785. + (x - 785.) * 0.3, 675., 3.), hex(0xC8CCD2));
    }
    c.draw(Ellipse(785., 688., 24., 20.), hex(0xE6D6BE));
}

fn baby_carrier(c: &mut Canvas, v: u32) {
    let cloth = pick(v, 97);
    c.draw(Line(505., 330., 445., 205., 40.), dark(cloth, 0.25));
    c.draw(Line(695., 330., 755., 205., 40.), dark(cloth, 0.25));
    c.draw(RRect(470., 290., 730., 630., 70.), cloth);
    c.draw(Ellipse(600., 300., 120., 40.), light(cloth, 0.3));
    c.draw(RRect(520., 420., 680., 560., 30.), light(cloth, 0.2));
    c.draw(RRect(380., 610., 820., 680., 26.), dark(cloth, 0.35));
    c.draw(RRect(575., 620., 625., 670., 8.), hex(0x2A2C30));
}

fn desk_lamp(c: &mut Canvas, v: u32) {
    let metal = pick(v, 98);
    c.draw(Ellipse(520., 690., 120., 24.), dark(metal, 0.3));
    c.draw(RRect(410., 660., 630., 700., 18.), metal);
    c.draw(Line(520., 670., 460., 430., 20.), metal);
    c.draw(Line(460., 430., 650., 300., 20.), metal);
    for (x, y) in [(460., 430.), (520., 665.), (650., 300.)] {
        c.draw(circle(x, y, 18.), dark(metal, 0.3));
    }
    c.draw(Poly(&[(620., 270.), (700., 250.), (800., 420.), (660., 450.)]), metal);
    c.draw(Ellipse(730., 435., 72., 18.), hex(0xFFF0B4));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn same_inputs_give_the_same_picture() {
        for &cat in Category::ALL {
            assert!(draw(cat, 3, 1).as_raw() == draw(cat, 3, 1).as_raw(), "{cat:?}");
        }
    }

    #[test]
    fn pictures_are_1200_by_900() {
        for view in 0..3 {
            assert_eq!(draw(Category::Books, 0, view).dimensions(), (WIDTH, HEIGHT));
        }
        assert_eq!((WIDTH, HEIGHT), (1200, 900));
    }

    #[test]
    fn categories_variants_and_views_differ() {
        let pics: Vec<_> = Category::ALL.iter().map(|&cat| draw(cat, 0, 0)).collect();
        for i in 0..pics.len() {
            for j in i + 1..pics.len() {
                assert!(pics[i] != pics[j], "{:?} == {:?}", Category::ALL[i], Category::ALL[j]);
            }
        }
        for (i, &cat) in Category::ALL.iter().enumerate() {
            assert!(pics[i] != draw(cat, 1, 0), "{cat:?} variants");
        }
        for view in 1..3 {
            assert!(pics[0] != draw(Category::ALL[0], 0, view), "view {view}");
        }
    }

    #[test]
    fn pictures_are_not_flat() {
        for &cat in Category::ALL {
            for (variant, view) in [(0, 0), (1, 1)] {
                // Every 7th pixel is plenty, and keeps the debug-build test quick.
                let colours: HashSet<_> = draw(cat, variant, view).pixels().step_by(7).copied().collect();
                assert!(colours.len() >= 4, "{cat:?} has {} colours", colours.len());
            }
        }
    }

    #[test]
    fn every_subject_is_drawn_and_differs_from_the_others() {
        let pics: Vec<_> = Subject::ALL.iter().map(|&s| draw_subject(s, 0, 0)).collect();
        for (i, a) in pics.iter().enumerate() {
            let colours: HashSet<_> = a.pixels().step_by(7).copied().collect();
            assert!(colours.len() >= 4, "{:?} has {} colours", Subject::ALL[i], colours.len());
            for (j, b) in pics.iter().enumerate().skip(i + 1) {
                assert!(a != b, "{:?} == {:?}", Subject::ALL[i], Subject::ALL[j]);
            }
        }
    }
}
