/**
 * The tray icons, inlined so the tray works whatever the packaging does with resource files. Made
 * by scripts/make-icons.mjs (run it again after changing the drawing there); do not edit by hand.
 */

/** The colour icon (a blue disc with white bars), 32x32 PNG, for Windows and Linux trays. */
export const TRAY_ICON_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAA9UlEQVR42t2Xyw0CIRCGtwSaoA8L8UBCA9zswQuJDVCDlVAIiXjxjCHBDSIYEGaZdZI5we7/8ZgHy7IXo9wQyg2j3CjKjabcuMR1GPNzyGhhSbmxGdGS2/AN6RUXjcI5EPGruOoQTl21iuuB4usdmbHytp0IZ+6AXXy77XYDAJuNjhA21T9KrRFCdq++E+B9F0L2chsCeGddN38AgKqK+8Pp5i7Xx+rH830UgI4BihO9YGweYhCA+z8APxbb67h2AaAnAOiqMAQEUFWJCBCAVaViIIDPglQqRkAAEl85nt6QoGjJUDSlKNpyFA8TFE8zFI9TaHsC7K+11tI4kP0AAAAASUVORK5CYII=';

/**
 * The macOS menu-bar icon: a template image (black with transparency; macOS colours it for the
 * light or dark bar), 16x16 for 16 pt...
 */
export const TRAY_TEMPLATE_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAl0lEQVR42mNgwA4UGBgYEoCMBihOgIoRBAIMDAzzGRgY/uPA86FqsAIDBgaG93g0w/B7qFoMm4nRjGwIiktwORsWBri8Aw8wXDbBAC55cMAmoAmeZ2Bg2A91JiEDQHoxnOgA1bSfCAMaiDUAxnbAZkACBQYkYAtEUgxQwBaN86FOu48UjTD2fGzRSJWERHFSpkpmIis7AwD9FJK1/bkMywAAAABJRU5ErkJggg==';

/** ...and its 32x32 version for Retina screens (scale factor 2). */
export const TRAY_TEMPLATE_2X_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAA2UlEQVR42t2XwQ3DIAxF/wgZkREYgQ0YgVEYwSN0BEagPVApoiSCGBOnSL4EyH9YNtjAg8YGwAAIAAhArozKnClrpwp7AKkhemSp7GGD2EHhFoi9Kh4YwrWFUXGaKL6PkeUnH/aEFRT/mj2L9rQAIB1lhx/8UT1G9voZp+cA/HjBXHAlByAXTVbkcwFCb96/PgvczuIkAOrdHCshNwkg/yWAq77FxwDQDQDUm4ZSAKH3IpICML1XsQRA80HyCwG8yuf49oJERUmmoihVUZaraExUtGYqmlPR8QZnS06uCvYcoQAAAABJRU5ErkJggg==';
