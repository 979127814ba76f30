/**
 * The tray icon, inlined so the tray works whatever the packaging does with resource files: a blue
 * disc with white bars, 32x32 PNG.
 */

/** The icon as a data URL for `nativeImage.createFromDataURL`. */
export const TRAY_ICON_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAA2ElEQVR42u2XwQ3DIAxFs1ElZmAGZsitk7AVO2QG1BWQXLviUpVSQ+1gVbX0LyGJH8YYs21/G7DL9eZREZVQGVWqcn1GY17D8Y46UMAUvbtLOHZ1ZjAp+tbNOg81vPCl6B9hxjkIK4yE/Wnms9aIhOMAvKy5EMAjJzjZDooA0N0d77aaMMDRKzLQAxBMSN8CiCcCRFbyKQKkFkD+BCCUA6TcAignAhSTAMuXIEklGQMgDW1DBYA4VIgUALy9UmziMFp+HJtoSJa3ZCaaUhNtuYmLiZmr2U/bHWphTpqIhMYgAAAAAElFTkSuQmCC';
