import { Avatar, type MantineSize } from '@mantine/core';
import { initials } from '../lib/initials';

/** A user's avatar image, or their initials when there is none (or it fails to load). */
export function UserAvatar({ name, url, size = 'md' }: { name: string; url: string | null; size?: MantineSize }) {
  return (
    <Avatar src={url || null} size={size} radius="xl" color="blue" alt={name}>
      {initials(name)}
    </Avatar>
  );
}
