import { Anchor, Text } from '@mantine/core'
import { IconMessageChatbot } from '@tabler/icons-react'
import { AccountMenu } from '../auth/AccountMenu'

export interface ScreenHeaderProps {
  /** A link back to the flows list (in-app navigation, a real link for new tabs). */
  back?: { label: string; onClick: () => void }
  /** Where the marketer is: shown after the link, in bold. */
  current?: string
  /** Shown instead of a link on the flows list itself. */
  tagline?: string
}

/** The header every screen around the canvas shares: brand, the way back, where you are, account. */
export function ScreenHeader({ back, current, tagline }: ScreenHeaderProps) {
  return (
    <header className="ch-header" style={{ height: 56 }}>
      <IconMessageChatbot size={28} color="var(--mantine-color-blue-6)" aria-hidden />
      <Text fw={700} size="lg">
        Charla
      </Text>
      {tagline && (
        <Text c="dimmed" size="sm">
          {tagline}
        </Text>
      )}
      {back && (
        <Anchor
          size="sm"
          href="/"
          onClick={(e) => {
            e.preventDefault()
            back.onClick()
          }}
        >
          {back.label}
        </Anchor>
      )}
      {current && (
        <Text size="sm" fw={600}>
          {current}
        </Text>
      )}
      <AccountMenu />
    </header>
  )
}
