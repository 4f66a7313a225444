// Calls onGone once when this process's parent dies (it is re-parented to init or a subreaper).
// npm forwards only SIGINT and SIGTERM to its script; a SIGHUP or SIGKILL to npm leaves the
// script running with a new parent, which is how it notices.
export function watchParent(onGone: () => void, everyMs = 500): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, everyMs);
  timer.unref();
}
