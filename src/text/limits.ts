/**
 * Discord's limits on what a message, an embed, a component or a form may hold: the one place they
 * are written (see the "Limits" section of the Discord facts, and Discord's docs for modals).
 * Everything that builds or checks a payload takes them from here.
 */
export const DISCORD_LIMITS = {
  /** Message content (the OpenAPI file says 4,000; the docs say 2,000). */
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  embedsPerMessage: 10,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  customId: 100,
  modalTitle: 45,
  modalLabel: 45,
  modalComponents: 5,
  /** A label component's description, and a text input's placeholder. */
  modalDescription: 100,
  placeholder: 100,
  textInputLength: 4000,
  /** An attachment's description (its text alternative). */
  attachmentDescription: 1024,
} as const;
