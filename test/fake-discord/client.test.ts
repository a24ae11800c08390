/**
 * The fake against a bare discord.js client (intents: Guilds): gateway, commands, deferrals,
 * files, components, modals, autocomplete, DMs, reconnects — and no violations.
 */
import { REST } from '@discordjs/rest';
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  Routes,
  SlashCommandBuilder,
  TextInputBuilder,
  TextInputStyle,
  type Interaction,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, Perm, opt } from './index.js';

const TOKEN = 'bare-client-token';

const commands = [
  new SlashCommandBuilder().setName('ping').setDescription('Answers with an embed'),
  new SlashCommandBuilder().setName('slow').setDescription('Defers, then edits'),
  new SlashCommandBuilder().setName('export').setDescription('Sends a JSON file'),
  new SlashCommandBuilder().setName('confirm').setDescription('Shows buttons'),
  new SlashCommandBuilder()
    .setName('pick')
    .setDescription('Autocompletes')
    .addStringOption((o) => o.setName('item').setDescription('An item').setRequired(true).setAutocomplete(true)),
  new SlashCommandBuilder().setName('dm').setDescription('DMs you'),
  new SlashCommandBuilder().setName('multi').setDescription('Reply, follow-up, edit'),
  new SlashCommandBuilder().setName('checkin').setDescription('DMs a check-in with a button'),
  new SlashCommandBuilder()
    .setName('post')
    .setDescription('Posts into a channel')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
    .setContexts(0)
    .addSubcommand((s) =>
      s
        .setName('to')
        .setDescription('Posts into a channel')
        .addChannelOption((o) => o.setName('channel').setDescription('Where').setRequired(true))
        .addIntegerOption((o) => o.setName('times').setDescription('How often').setMinValue(1).setMaxValue(3)),
    ),
].map((c) => c.toJSON());

async function handle(interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) {
    const typed = interaction.options.getFocused();
    await interaction.respond(['apple', 'apricot', 'banana'].filter((x) => x.startsWith(typed)).map((x) => ({ name: x, value: x })));
    return;
  }
  if (interaction.isChatInputCommand()) {
    switch (interaction.commandName) {
      case 'ping':
        await interaction.reply({ embeds: [new EmbedBuilder().setTitle('Pong').setDescription('Hello from a bare client')], allowedMentions: { parse: [] } });
        return;
      case 'slow':
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await interaction.editReply({ content: 'done after a while' });
        return;
      case 'export':
        await interaction.reply({
          flags: MessageFlags.Ephemeral,
          files: [new AttachmentBuilder(Buffer.from(JSON.stringify({ user: interaction.user.id, goals: ['ship'] })), { name: 'export.json' })],
        });
        return;
      case 'confirm':
        await interaction.reply({
          content: 'Sure?',
          flags: MessageFlags.Ephemeral,
          components: [
            new ActionRowBuilder<ButtonBuilder>().addComponents(
              new ButtonBuilder().setCustomId('confirm:yes').setLabel('Yes').setStyle(ButtonStyle.Danger),
              new ButtonBuilder().setCustomId('confirm:modal').setLabel('Tell me more').setStyle(ButtonStyle.Secondary),
            ),
          ],
        });
        return;
      case 'dm':
        try {
          await interaction.user.send({ content: 'Hello in DM', allowedMentions: { parse: [] } });
          await interaction.reply({ content: 'sent', flags: MessageFlags.Ephemeral });
        } catch (e) {
          await interaction.reply({ content: `failed ${(e as { code?: number }).code}`, flags: MessageFlags.Ephemeral });
        }
        return;
      case 'multi': {
        const response = await interaction.reply({ content: 'one', withResponse: true, allowedMentions: { parse: [] } });
        if (response.resource?.message?.content !== 'one') throw new Error('with_response lacks the message');
        await interaction.followUp({ content: 'two', flags: MessageFlags.Ephemeral });
        await interaction.editReply({ content: 'one, edited', allowedMentions: { parse: [] } });
        const fetched = await interaction.fetchReply();
        await interaction.followUp({ content: `fetched: ${fetched.content}`, flags: MessageFlags.Ephemeral });
        return;
      }
      case 'checkin':
        await interaction.user.send({
          content: 'Time for your weekly check-in',
          components: [
            new ActionRowBuilder<ButtonBuilder>().addComponents(
              new ButtonBuilder().setCustomId('ci:open:2025-W41').setLabel('Check in').setStyle(ButtonStyle.Primary),
              new ButtonBuilder().setCustomId('ci:skip:2025-W41').setLabel('Skip this week').setStyle(ButtonStyle.Secondary),
            ),
          ],
          nonce: 'ci-2025-W41',
          enforceNonce: true,
        });
        await interaction.reply({ content: 'check your DMs', flags: MessageFlags.Ephemeral });
        return;
      case 'post': {
        const channel = interaction.options.getChannel('channel', true);
        const times = interaction.options.getInteger('times') ?? 1;
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        const target = await interaction.client.channels.fetch(channel.id);
        if (!target?.isSendable()) throw new Error('not sendable');
        for (let i = 0; i < times; i++) await target.send({ content: `post ${i} @everyone`, allowedMentions: { parse: [] } });
        await interaction.editReply({ content: `posted ${times}` });
        return;
      }
      default:
        return;
    }
  }
  if (interaction.isButton()) {
    if (interaction.customId === 'confirm:yes') {
      await interaction.update({ content: 'Confirmed', components: [] });
    } else if (interaction.customId === 'ci:open:2025-W41') {
      await interaction.showModal(
        new ModalBuilder()
          .setCustomId('ci:modal:2025-W41')
          .setTitle('Weekly check-in')
          .addLabelComponents((label) =>
            label.setLabel('Wins this week').setTextInputComponent((t) => t.setCustomId('wins').setStyle(TextInputStyle.Paragraph).setMaxLength(1000)),
          ),
      );
    } else if (interaction.customId === 'confirm:modal') {
      await interaction.showModal(
        new ModalBuilder()
          .setCustomId('more')
          .setTitle('More')
          .addComponents(
            new ActionRowBuilder<TextInputBuilder>().addComponents(
              new TextInputBuilder().setCustomId('why').setLabel('Why?').setStyle(TextInputStyle.Paragraph).setMaxLength(200),
            ),
          ),
      );
    }
    return;
  }
  if (interaction.isModalSubmit() && interaction.customId.startsWith('ci:modal')) {
    if (!interaction.isFromMessage()) throw new Error('expected a modal from a message');
    await interaction.update({ content: `Checked in: ${interaction.fields.getTextInputValue('wins')}`, components: [] });
    return;
  }
  if (interaction.isModalSubmit()) {
    await interaction.reply({ content: `You said: ${interaction.fields.getTextInputValue('why')}`, flags: MessageFlags.Ephemeral });
  }
}

describe('fake Discord with a bare discord.js client', () => {
  let fake: FakeDiscord;
  let client: Client;

  beforeAll(async () => {
    fake = await FakeDiscord.start({ token: TOKEN });
    const rest = new REST({ api: fake.apiUrl }).setToken(TOKEN);
    await rest.put(Routes.applicationCommands(fake.applicationId), { body: commands });
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    client.on(Events.InteractionCreate, (i) => {
      handle(i).catch((e: unknown) => console.error('handler failed', e));
    });
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(TOKEN);
    await ready;
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.stop();
  });

  it('connects: IDENTIFY with Guilds only, READY, guild cached with channels and roles', async () => {
    const identify = await fake.waitForIdentify();
    expect(identify.tokenOk).toBe(true);
    expect(identify.intents).toBe(GatewayIntentBits.Guilds);
    const guild = client.guilds.cache.get(fake.defaults.guildId);
    expect(guild).toBeDefined();
    expect(guild!.channels.cache.size).toBe(3);
    expect(guild!.roles.everyone.id).toBe(fake.defaults.guildId);
    expect(guild!.members.me?.permissions.has(PermissionFlagsBits.EmbedLinks)).toBe(true);
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(fake.registeredCommands().map((c) => c.name)).toContain('ping');
  });

  it('answers a slash command with an embed that passes validation', async () => {
    const r = await fake.command({ name: 'ping' });
    const answer = await r.answer();
    expect(answer.kind).toBe('callback');
    expect(answer.callbackType).toBe(4);
    expect(answer.embeds[0]?.title).toBe('Pong');
    expect(answer.ephemeral).toBe(false);
    expect(answer.allowedMentions).toEqual({ parse: [] });
    expect(answer.latencyMs).toBeGreaterThan(0);
    expect(fake.channelMessages(fake.defaults.textChannelId).at(-1)?.message.embeds[0].title).toBe('Pong');
    expect(fake.unsafeMentions()).toEqual([]);
    fake.assertClean();
  });

  it('after a deferral the answer is the edit of @original, ephemeral inherited', async () => {
    const r = await fake.command({ name: 'slow' });
    const answer = await r.answer();
    expect(answer.kind).toBe('edit');
    expect(answer.content).toBe('done after a while');
    expect(answer.ephemeral).toBe(true);
    expect(r.callbacks[0]?.body.type).toBe(5);
    expect(answer.request.path).toContain('%40original');
    fake.assertClean();
  });

  it('parses multipart uploads so a test can read an exported JSON file', async () => {
    const r = await fake.command({ name: 'export', user: fake.defaults.moderator });
    const answer = await r.answer();
    expect(answer.ephemeral).toBe(true);
    expect(answer.files).toHaveLength(1);
    expect(answer.files[0]!.filename).toBe('export.json');
    expect(answer.files[0]!.json()).toEqual({ user: fake.defaults.moderator.id, goals: ['ship'] });
    fake.assertClean();
  });

  it('buttons on ephemeral replies, message updates, modals and submits', async () => {
    const r = await fake.command({ name: 'confirm' });
    const answer = await r.answer();
    expect(answer.customIds).toEqual(['confirm:yes', 'confirm:modal']);

    const click = await fake.button({ customId: 'confirm:modal' });
    const modal = await click.answer();
    expect(modal.callbackType).toBe(9);
    expect(modal.modal.title).toBe('More');

    await expect(fake.modalSubmit({ customId: 'more', fields: { why: 'x'.repeat(201) } })).rejects.toThrow(/longer than 200/);
    const submit = await fake.modalSubmit({ customId: 'more', fields: { why: 'because' } });
    expect((await submit.answer()).content).toBe('You said: because');

    const yes = await fake.button({ customId: 'confirm:yes' });
    const update = await yes.answer();
    expect(update.callbackType).toBe(7);
    expect(fake.message(answer.message.id)?.message.content).toBe('Confirmed');
    expect(fake.message(answer.message.id)?.message.components).toEqual([]);
    fake.assertClean();
  });

  it('autocomplete resolves with the choices', async () => {
    const choices = await fake.autocomplete({ name: 'pick', focused: 'item', value: 'ap' });
    expect(choices.map((c) => c.value)).toEqual(['apple', 'apricot']);
    fake.assertClean();
  });

  it('types options from the registered definition and resolves channels', async () => {
    await expect(fake.command({ name: 'post', subcommand: 'to', options: { channel: fake.defaults.announcementChannelId, times: 9 } })).rejects.toThrow(/max_value/);
    await expect(fake.command({ name: 'post', dm: true, subcommand: 'to', options: { channel: fake.defaults.textChannelId } })).rejects.toThrow(/not offered in DMs/);
    const r = await fake.command({
      name: 'post',
      subcommand: 'to',
      user: fake.defaults.moderator,
      options: { channel: opt.channel(fake.defaults.announcementChannelId), times: 2 },
    });
    expect((await r.answer()).content).toBe('posted 2');
    const posts = fake.channelMessages(fake.defaults.announcementChannelId);
    expect(posts.map((p) => p.message.content)).toEqual(['post 0 @everyone', 'post 1 @everyone']);
    expect(posts.every((p) => p.allowedMentions?.parse?.length === 0)).toBe(true);
    expect(fake.publicPosts.filter((p) => p.channelId === fake.defaults.announcementChannelId).every((p) => p.pings.length === 0)).toBe(true);
    fake.assertClean();
  });

  it('DMs: stable channel per user, closed DMs answer 50007', async () => {
    const user = fake.user({ username: 'dm-tester' });
    expect((await (await fake.command({ name: 'dm', user })).answer()).content).toBe('sent');
    expect(fake.dmMessagesFor(user.id).map((m) => m.message.content)).toEqual(['Hello in DM']);
    fake.closeDms(user.id);
    expect((await (await fake.command({ name: 'dm', user })).answer()).content).toBe('failed 50007');
    expect(fake.dmMessagesFor(user.id)).toHaveLength(1);
    fake.openDms(user.id);
    fake.assertClean();
  });

  it('missing permissions: 50013 without Send Messages, 10003 after deletion', async () => {
    const target = fake.addGuildChannel({ name: 'locked' });
    fake.setBotChannelPermissions(target, { deny: Perm.SendMessages });
    const denied = await fetch(`${fake.apiUrl}/v10/channels/${target}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'hi' }),
    });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { code: number }).code).toBe(50013);
    fake.deleteChannel(target);
    const gone = await fetch(`${fake.apiUrl}/v10/channels/${target}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'hi' }),
    });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { code: number }).code).toBe(10003);
    fake.assertClean();
  });

  it('reply with_response, follow-ups, edit and fetch of @original', async () => {
    const r = await fake.command({ name: 'multi' });
    const [reply, follow, edit, follow2] = await r.waitForResponses(4);
    expect(reply!.content).toBe('one');
    expect(reply!.request.query.with_response).toBe('true');
    expect(follow).toMatchObject({ kind: 'followUp', content: 'two', ephemeral: true });
    expect(edit).toMatchObject({ kind: 'edit', content: 'one, edited', ephemeral: false });
    expect(follow2!.content).toBe('fetched: one, edited');
    expect(fake.channelMessages(fake.defaults.textChannelId).at(-1)?.message.content).toBe('one, edited');
    expect(fake.requests.some((q) => q.method === 'GET' && q.path.endsWith('/messages/%40original'))).toBe(true);
    fake.assertClean();
  });

  it('a DM check-in: button in the DM, a modal with a label, the submit updates the DM', async () => {
    const user = fake.user({ username: 'checker' });
    await (await fake.command({ name: 'checkin', user })).answer();
    const [dm] = fake.dmMessagesFor(user.id);
    expect(dm!.message.nonce).toBe('ci-2025-W41');
    const click = await fake.button({ customId: 'ci:open:2025-W41', user, dm: true });
    expect(click.payload.user.id).toBe(user.id);
    expect(click.payload.context).toBe(1);
    const shown = await click.answer();
    expect(shown.modal.components[0].type).toBe(18);
    const submit = await fake.modalSubmit({ customId: 'ci:modal:2025-W41', user, fields: { wins: 'shipped it' } });
    const update = await submit.answer();
    expect(update.callbackType).toBe(7);
    expect(fake.dmMessagesFor(user.id).map((m) => m.message.content)).toEqual(['Checked in: shipped it']);
    await expect(fake.button({ customId: 'ci:open:2025-W41', user, dm: true })).rejects.toThrow(/no message with a component/);
    fake.assertClean();
  });

  it('a delivered message whose response is lost: REST retries, the nonce returns the first message', async () => {
    const user = fake.user({ username: 'lost-response' });
    const channelId = fake.dmChannelIdFor(user.id);
    let drops = 0;
    const off = fake.onMessageCreated(() => (drops++ === 0 ? 'drop' : undefined));
    const rest = new REST({ api: fake.apiUrl, retries: 2 }).setToken(TOKEN);
    const sent = (await rest.post(Routes.channelMessages(channelId), { body: { content: 'once', nonce: 'exactly-once-1', enforce_nonce: true } })) as { id: string };
    off();
    expect(fake.dmMessagesFor(user.id).map((m) => m.id)).toEqual([sent.id]);
    expect(fake.nonceDuplicates).toBeGreaterThanOrEqual(1);
    fake.assertClean();
  });

  it('the client resumes after the TCP connection is killed', async () => {
    const resumed = new Promise<void>((resolve) => client.once(Events.ShardResume, () => resolve()));
    fake.dropGateway({ terminate: true });
    await resumed;
    expect(fake.resumes.at(-1)?.ok).toBe(true);
    const r = await fake.command({ name: 'ping', dm: true });
    expect(r.payload.user).toBeDefined();
    expect(r.payload.member).toBeUndefined();
    expect((await r.answer()).embeds[0]?.title).toBe('Pong');
    fake.assertClean();
  });

  it('the client resumes after the gateway drops, and answers again', async () => {
    const resumed = new Promise<void>((resolve) => client.once(Events.ShardResume, () => resolve()));
    fake.dropGateway();
    await resumed;
    expect(fake.resumes.at(-1)?.ok).toBe(true);
    expect(fake.identifies).toHaveLength(1);
    const r = await fake.command({ name: 'ping' });
    expect((await r.answer()).embeds[0]?.title).toBe('Pong');
    fake.assertClean();
  });
});
