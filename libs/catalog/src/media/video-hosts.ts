/**
 * The address to embed for a video link from an allowed host (YouTube and Vimeo links become
 * their embed players), or the problem in words.
 */
export function embedAddress(raw: string, hosts: readonly string[]): { url: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { problem: 'Enter the video’s address as a full https:// link.' };
  }
  if (url.protocol !== 'https:') {
    return { problem: 'Enter the video’s address as a full https:// link.' };
  }
  const host = url.hostname.toLowerCase();
  if (!hosts.includes(host)) {
    return {
      problem: `Videos may be linked only from ${hosts.join(', ')}; ${host} is not one of them. Upload the video file instead, or ask an administrator to allow that site.`,
    };
  }
  const youtubeId =
    host === 'youtu.be'
      ? url.pathname.slice(1)
      : /(^|\.)youtube\.com$/.test(host) && url.pathname === '/watch'
        ? url.searchParams.get('v')
        : undefined;
  if (youtubeId && /^[\w-]{6,20}$/.test(youtubeId)) {
    return { url: `https://www.youtube-nocookie.com/embed/${youtubeId}` };
  }
  const vimeoId = host === 'vimeo.com' ? /^\/(\d{4,12})$/.exec(url.pathname)?.[1] : undefined;
  if (vimeoId) {
    return { url: `https://player.vimeo.com/video/${vimeoId}` };
  }
  return { url: url.toString() };
}

/** The origins lesson pages may frame: the allowed hosts and the embed players their links become. */
export function embedOrigins(hosts: readonly string[]): string[] {
  const framed = new Set(hosts);
  if (hosts.some((host) => host === 'youtu.be' || /(^|\.)youtube\.com$/.test(host))) {
    framed.add('www.youtube-nocookie.com');
  }
  if (hosts.includes('vimeo.com')) {
    framed.add('player.vimeo.com');
  }
  return [...framed].map((host) => `https://${host}`);
}
