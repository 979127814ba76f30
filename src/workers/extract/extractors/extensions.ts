/**
 * File extensions and names by kind: text, source code, and binary formats skipped unread.
 */

/** Plain text and markup read as text (no structure beyond paragraphs). */
export const TEXT_EXTENSIONS: ReadonlySet<string> = new Set(
  'txt text log rst adoc asciidoc org tex latex bib srt vtt nfo me readme license changelog'.split(' '),
);

/** Source code, configuration and data files read as text, chunked at blank lines. */
export const CODE_EXTENSIONS: ReadonlySet<string> = new Set(
  (
    'ts tsx mts cts js jsx mjs cjs py pyi pyw rb go rs java kt kts scala groovy gradle c h cc cpp cxx hpp hh hxx ' +
    'cs fs fsx vb php swift m mm dart lua pl pm r jl hs ml mli ex exs erl hrl clj cljs elm nim zig v sol ' +
    'sh bash zsh fish ksh ps1 psm1 bat cmd sql graphql gql proto thrift vue svelte astro css scss sass less ' +
    'json jsonc json5 yaml yml toml ini cfg conf properties env xml xsd xsl svg plist tf hcl nix cmake mk ' +
    'dockerfile ipynb'
  ).split(' '),
);

/** Files known by name rather than extension. */
export const CODE_FILE_NAMES: ReadonlySet<string> = new Set([
  'Makefile',
  'makefile',
  'GNUmakefile',
  'Dockerfile',
  'Containerfile',
  'Rakefile',
  'Gemfile',
  'Jenkinsfile',
  'Vagrantfile',
  'Procfile',
  'CMakeLists.txt',
]);

/** Binary formats skipped without reading, with what to call them in the reason. */
export const BINARY_EXTENSIONS: ReadonlyMap<string, string> = new Map([
  ...'png jpg jpeg gif bmp tif tiff webp ico icns heic heif avif psd raw cr2 nef'.split(' ').map((ext) => [ext, 'an image'] as const),
  ...'mp3 wav flac ogg oga m4a aac wma opus mid midi'.split(' ').map((ext) => [ext, 'audio'] as const),
  ...'mp4 m4v mov avi mkv webm wmv flv mpg mpeg 3gp'.split(' ').map((ext) => [ext, 'a video'] as const),
  ...'zip gz tgz bz2 xz zst 7z rar tar lz4 lzma cab'.split(' ').map((ext) => [ext, 'an archive'] as const),
  ...'exe dll so dylib bin o a lib obj class jar war pyc pyo wasm node msi deb rpm apk dmg iso img'
    .split(' ')
    .map((ext) => [ext, 'a program or disk image'] as const),
  ...'sqlite sqlite3 db mdb accdb parquet arrow feather npy npz pkl h5 onnx pt safetensors'
    .split(' ')
    .map((ext) => [ext, 'a database or data file'] as const),
  ...'woff woff2 ttf otf eot'.split(' ').map((ext) => [ext, 'a font'] as const),
  ['doc', 'a legacy Word binary file: save it as .docx to index it'],
  ['xls', 'a legacy Excel binary file: save it as .xlsx to index it'],
  ['ppt', 'a legacy PowerPoint binary file: save it as .pptx to index it'],
  ['odg', 'an OpenDocument drawing'],
]);
