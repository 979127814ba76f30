/**
 * IPC channel names shared by the preload and the Electron main process (plain constants, so the
 * main process never imports the preload itself).
 */

/** API calls: `(call, input)`, answered with an `ApiReply`, never a throw. */
export const API_CHANNEL = 'api';
/** Pushed events: `(event, payload)`. */
export const EVENT_CHANNEL = 'api:event';
/** The desktop's folder picker; answered with a path or null. */
export const PICK_FOLDER_CHANNEL = 'dialog:pickFolder';
/** Opens the logs folder in the file manager; answered with null, or what went wrong. */
export const SHOW_LOGS_CHANNEL = 'shell:showLogs';
