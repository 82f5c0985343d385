/**
 * Runs before the page paints (inline in <head>), so a dark page never
 * flashes light: the embed's `?theme=light|dark`, else the viewer's choice
 * (localStorage `baton-theme`: light, dark or system), else the system's.
 * A fixed string of our own: no telemetry ever reaches it.
 */
export const THEME_STORAGE_KEY = 'baton-theme';

export const THEME_SCRIPT = `(function(){try{
var d=document.documentElement,q=new URLSearchParams(location.search).get('theme');
var p=(location.pathname.indexOf('/embed/')===0&&(q==='light'||q==='dark'))?q:(localStorage.getItem('${THEME_STORAGE_KEY}')||'system');
var dark=p==='dark'||(p!=='light'&&matchMedia('(prefers-color-scheme: dark)').matches);
d.classList.toggle('dark',dark);d.style.colorScheme=dark?'dark':'light';
}catch(e){}})();`;
