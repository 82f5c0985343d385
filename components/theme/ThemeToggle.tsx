'use client';

import { Monitor, Moon, Sun } from 'lucide-react';
import { DropdownMenu } from 'radix-ui';
import { useEffect, useSyncExternalStore } from 'react';
import { popoverClass } from '@/components/ui/styles';
import { THEME_STORAGE_KEY } from './theme-script';

type Theme = 'light' | 'dark' | 'system';
const OPTIONS: { value: Theme; label: string; Icon: typeof Sun }[] = [
  { value: 'light', label: 'Light', Icon: Sun },
  { value: 'dark', label: 'Dark', Icon: Moon },
  { value: 'system', label: 'System', Icon: Monitor },
];

function apply(theme: Theme) {
  const dark = theme === 'dark' || (theme === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
}

const listeners = new Set<() => void>();
function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}
function saved(): Theme {
  const value = localStorage.getItem(THEME_STORAGE_KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

/** Light, dark or follow the system; remembered in this browser (and in step across its tabs). */
export function ThemeToggle() {
  const theme = useSyncExternalStore(subscribe, saved, () => 'system' as Theme);
  // Another tab chose a theme: follow it here too.
  useEffect(() => apply(theme), [theme]);
  useEffect(() => {
    if (theme !== 'system') return;
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const follow = () => apply('system');
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, [theme]);
  const choose = (value: string) => {
    const next = value as Theme;
    localStorage.setItem(THEME_STORAGE_KEY, next);
    apply(next);
    listeners.forEach((l) => l());
  };
  const Current = OPTIONS.find((o) => o.value === theme)?.Icon ?? Monitor;
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger aria-label="Colour theme" className="inline-flex h-8 w-8 items-center justify-center rounded-md text-zinc-600 outline-none hover:bg-zinc-100 focus-visible:ring-2 focus-visible:ring-indigo-500/40 dark:text-zinc-300 dark:hover:bg-zinc-800">
        <Current aria-hidden className="h-4 w-4" />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={6} className={`${popoverClass} min-w-36 p-1`}>
          <DropdownMenu.RadioGroup value={theme} onValueChange={choose}>
            {OPTIONS.map(({ value, label, Icon }) => (
              <DropdownMenu.RadioItem
                key={value}
                value={value}
                className="flex cursor-default items-center gap-2 rounded px-2 py-1.5 outline-none data-[highlighted]:bg-zinc-100 data-[state=checked]:font-medium dark:data-[highlighted]:bg-zinc-800"
              >
                <Icon aria-hidden className="h-4 w-4" />
                {label}
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
