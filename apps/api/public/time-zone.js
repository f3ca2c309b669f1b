// Tells the server the browser's time zone (a cookie), so pages say times in the reader's own.
(() => {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const cookie = `ra_tz=${encodeURIComponent(zone)}`;
    if (zone && !document.cookie.split('; ').includes(cookie)) {
      const secure = location.protocol === 'https:' ? '; secure' : '';
      document.cookie = `${cookie}; path=/; max-age=31536000; samesite=lax${secure}`;
    }
  } catch {
    // An old browser: pages say times in UTC, and name it.
  }
})();
