// Lesson video: reports the seconds actually played to the server, which credits them to time
// on task (no more than the video's length, nor the wall-clock time between reports). Played
// time is measured from the player's own clock while it plays forward; seeking adds nothing.
(() => {
  const video = document.getElementById('lesson-video');
  if (!video || !video.dataset.watchUrl) {
    return;
  }
  const url = video.dataset.watchUrl;
  const csrf = video.dataset.csrf;
  const REPORT_EVERY = 15;
  let started = false;
  let unreported = 0;
  let lastTime = video.currentTime;
  let sending = Promise.resolve();

  function send(seconds, keepalive) {
    sending = sending
      .then(() =>
        fetch(url, {
          method: 'POST',
          credentials: 'same-origin',
          keepalive,
          headers: { 'content-type': 'application/json', 'csrf-token': csrf },
          body: JSON.stringify({ seconds: Math.min(600, Math.round(seconds * 1000) / 1000) }),
        }),
      )
      .catch(() => undefined);
  }

  function flush(keepalive) {
    if (unreported > 0) {
      const seconds = unreported;
      unreported = 0;
      send(seconds, keepalive);
    }
  }

  video.addEventListener('play', () => {
    lastTime = video.currentTime;
    if (!started) {
      started = true;
      // The first report starts the server's clock for this video.
      send(0, false);
    }
  });
  video.addEventListener('seeking', () => {
    lastTime = video.currentTime;
  });
  video.addEventListener('timeupdate', () => {
    const step = video.currentTime - lastTime;
    lastTime = video.currentTime;
    // Only forward play counts; a jump (seek) is not watching.
    if (!video.seeking && step > 0 && step < 2) {
      unreported += step;
    }
    if (unreported >= REPORT_EVERY) {
      flush(false);
    }
  });
  video.addEventListener('pause', () => flush(false));
  video.addEventListener('ended', () => flush(false));
  window.addEventListener('pagehide', () => flush(true));
})();
