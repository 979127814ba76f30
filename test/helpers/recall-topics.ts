/**
 * The labelled material of the recall set (test/helpers/recall-corpus.ts): topics with their
 * vocabulary and a paraphrase that avoids it, exact identifiers, and rare names.
 */

/** A topic: the words its documents use, and a question about it in other words. */
export interface Topic {
  name: string;
  words: readonly string[];
  paraphrase: string;
}

/** Words of the topic documents are drawn from `words`; the paraphrase shares none of its content words. */
export const TOPICS: readonly Topic[] = [
  {
    name: 'beekeeping',
    words: 'beekeeper hive apiary colony honeycomb nectar pollen swarm queen drones wax smoker frames larvae'.split(' '),
    paraphrase: 'looking after honey bees and harvesting what they make',
  },
  {
    name: 'volcanoes',
    words: 'volcano lava magma eruption crater ash basalt tectonic caldera vent summit lahar geologist molten'.split(' '),
    paraphrase: 'mountains that explode and spew burning rock',
  },
  {
    name: 'sourdough',
    words: 'dough flour yeast starter loaf oven crust knead ferment bake rye baker proofing gluten'.split(' '),
    paraphrase: 'making bread at home with a natural leaven',
  },
  {
    name: 'chess',
    words: 'chess opening gambit pawn bishop knight rook checkmate endgame grandmaster tournament castling sicilian blitz'.split(' '),
    paraphrase: 'planning moves in the board game where kings and queens fight on squares',
  },
  {
    name: 'astronomy',
    words:
      'telescope galaxy nebula orbit planet comet stargazing observatory astronomer constellation asteroid supernova eclipse jupiter'.split(
        ' ',
      ),
    paraphrase: 'watching stars and distant objects in space at night',
  },
  {
    name: 'cardiology',
    words: 'heart cardiac artery blood pressure cholesterol cardiologist pulse stroke vein hypertension arrhythmia valve aorta'.split(' '),
    paraphrase: 'medical care for diseases of the circulation',
  },
  {
    name: 'sailing',
    words: 'sailboat mast hull keel rudder anchor harbor deck sailor regatta yacht mooring jib tiller'.split(' '),
    paraphrase: 'travelling across the sea in a small vessel powered by wind',
  },
  {
    name: 'coffee',
    words: 'espresso coffee roast bean barista grinder brew arabica caffeine latte cappuccino crema filter mug'.split(' '),
    paraphrase: 'preparing a hot morning drink from roasted seeds',
  },
  {
    name: 'football',
    words: 'soccer goal striker midfielder penalty referee league stadium goalkeeper match tackle offside dribble fans'.split(' '),
    paraphrase: 'the sport where players kick a ball into a net',
  },
  {
    name: 'tomatoes',
    words: 'tomato garden soil compost seedling fertilizer harvest greenhouse prune vine mulch watering trellis blight'.split(' '),
    paraphrase: 'growing red fruit vegetables in the backyard',
  },
  {
    name: 'guitar',
    words: 'guitar chord fret string strum amplifier acoustic melody riff tuning pick capo bass solo'.split(' '),
    paraphrase: 'learning to play a six stringed musical instrument',
  },
  {
    name: 'taxes',
    words: 'tax deduction refund irs income audit filing accountant bracket withholding return deadline receipts payroll'.split(' '),
    paraphrase: 'paying the government what you owe from your earnings',
  },
  {
    name: 'cybersecurity',
    words:
      'malware phishing firewall encryption password hacker vulnerability breach antivirus ransomware exploit patch intrusion botnet'.split(
        ' ',
      ),
    paraphrase: 'protecting computers from criminals who break in online',
  },
  {
    name: 'marathon',
    words: 'marathon runner sprint jogging stamina sneakers race mileage pace finish hydration cramps relay podium'.split(' '),
    paraphrase: 'long distance athletics and endurance exercise on foot',
  },
  {
    name: 'wine',
    words: 'wine vineyard grape cellar vintage sommelier merlot barrel cork tasting chardonnay tannin winery bottle'.split(' '),
    paraphrase: 'fermented drinks made from fruit grown on vines',
  },
  {
    name: 'dinosaurs',
    words:
      'dinosaur fossil jurassic paleontologist skeleton tyrannosaurus extinction cretaceous bones excavation triceratops raptor specimen sediment'.split(
        ' ',
      ),
    paraphrase: 'ancient giant reptiles that lived millions of years ago',
  },
  {
    name: 'photography',
    words: 'camera lens aperture shutter exposure photographer tripod portrait pixels flash zoom focus darkroom snapshot'.split(' '),
    paraphrase: 'taking pictures and capturing images',
  },
  {
    name: 'knitting',
    words: 'knitting yarn needle wool stitch sweater scarf crochet purl knit mittens cardigan skein loom'.split(' '),
    paraphrase: 'making warm clothes by hand from threads of sheep fleece',
  },
  {
    name: 'hurricanes',
    words: 'hurricane storm cyclone rainfall flood typhoon meteorologist forecast evacuation gusts landfall surge tornado radar'.split(' '),
    paraphrase: 'violent tropical weather systems over the ocean',
  },
  {
    name: 'railways',
    words: 'train railway locomotive station track passenger carriage rail conductor timetable platform freight diesel depot'.split(' '),
    paraphrase: 'riding on steam engines between cities',
  },
  {
    name: 'chocolate',
    words: 'chocolate cocoa cacao truffle praline confectionery candy dessert fudge chocolatier ganache bonbon caramel sugar'.split(' '),
    paraphrase: 'sweet treats made from roasted beans of a tropical tree',
  },
  {
    name: 'immigration',
    words:
      'visa passport immigration consulate citizenship border customs residency permit embassy asylum naturalization migrant refugee'.split(
        ' ',
      ),
    paraphrase: 'papers needed to move to and live in another country',
  },
  {
    name: 'dentistry',
    words: 'dentist tooth teeth cavity filling enamel gum dental floss braces orthodontist molar plaque toothbrush'.split(' '),
    paraphrase: 'oral hygiene and keeping your mouth healthy',
  },
  {
    name: 'hockey',
    words: 'hockey puck rink skate goalie stick ice slapshot skating nhl zamboni faceoff defenseman overtime'.split(' '),
    paraphrase: 'the winter sport played on frozen surfaces with blades',
  },
];

/** Identifiers a person pastes from code or logs; each has a near miss planted in another file. */
export const IDENTIFIERS: ReadonlyArray<readonly [identifier: string, nearMiss: string]> = [
  ['frobnicate_widget42', 'frobnicate_widget41'],
  ['parseQuuxHeader', 'parseQuuxFooter'],
  ['ZX_FLAG_7F3', 'ZX_FLAG_7F4'],
  ['blorp_cache_ttl', 'blorp_cache_size'],
  ['getWombatIndex', 'setWombatIndex'],
  ['XKCD_927_MODE', 'XKCD_928_MODE'],
  ['snarfle_v2_handler', 'snarfle_v3_handler'],
  ['qux_retry_budget', 'qux_retry_limit'],
  ['FizzleBufferPool', 'FizzleBufferCache'],
  ['glimmer_shard_09', 'glimmer_shard_08'],
  ['tzorp_decode_utf7', 'tzorp_encode_utf7'],
  ['MOOF_MAX_DEPTH', 'MOOF_MIN_DEPTH'],
  ['plonk_session_id', 'plonk_session_key'],
  ['warbleSyncQueue', 'warbleAsyncQueue'],
  ['yoink_mutex_3', 'yoink_mutex_4'],
  ['zibble_cfg_path', 'zibble_log_path'],
];

/** Rare names, each with a namesake (same first name, another surname) in another file. */
export const NAMES: ReadonlyArray<readonly [name: string, namesake: string]> = [
  ['Ottoline Brumbaugh', 'Ottoline Hargreaves'],
  ['Zebulon Quarrington', 'Zebulon Marsh'],
  ['Philippa Vandersloot', 'Philippa Grey'],
  ['Ignatius Thistlewood', 'Ignatius Bell'],
  ['Marisol Okonjo', 'Marisol Reyes'],
  ['Bartholomew Fenwicke', 'Bartholomew Stone'],
  ['Henrike Szczepanski', 'Henrike Vogel'],
  ['Caspian Moorcroft', 'Caspian Wells'],
  ['Wilhelmina Achterberg', 'Wilhelmina Cross'],
  ['Desmond Oyelaran', 'Desmond Hart'],
  ['Perpetua Lindqvist', 'Perpetua Lane'],
  ['Anselm Krzyzanowski', 'Anselm Ford'],
];

/** Words the generated prose is padded with: office talk, shared by every file. */
export const FILLER_WORDS = (
  'report system data value market team project quarter budget process service customer product ' +
  'policy review meeting schedule network server update version release support account contract ' +
  'office manager department strategy revenue growth sales plan analysis document figure table summary ' +
  'section result method approach issue change request design feature option setting user access'
).split(' ');

/** Words that carry no topic: ignored when checking that a paraphrase avoids a topic's words. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  'a an and the of in on at to for from with by is are was were be been that this these those it its what who where when how do does did your you they their them we our into over between across after before about up out as or not no so than then there here which while'.split(
    ' ',
  ),
);
