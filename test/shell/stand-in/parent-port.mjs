// STAND-IN FOR ELECTRON (tests only): gives a child started by the stand-in's utilityProcess.fork
// the `process.parentPort` that Electron gives a utility process, over Node's IPC channel, with
// messages wrapped as `{ data }` the way Electron delivers them.
const listeners = [];
process.parentPort = {
  postMessage: (message) => process.send?.(message),
  on: (event, listener) => {
    if (event === 'message') listeners.push(listener);
  },
};
process.on('message', (data) => {
  for (const listener of listeners) listener({ data });
});
