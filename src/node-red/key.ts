/**
 * The `tedee-key` node: issues, updates, re-codes, resends, revokes, shows and lists keys through the key
 * service of its `tedee-account` (docs/node-red.md "tedee-key"). Output 1: the key (doorcodes masked unless
 * the node reveals them) with a per-door summary, and again when a key it issued stops being `pending`;
 * output 2: the deliveries its keys cause, for a flow to send. Errors go to Catch with `code` and `msg.error`.
 */
import type { HealthStatus, IssuePlan, Issuer, Key, KeyServiceApi } from '../core/index.js';
import { checkIssuerRole } from '../core/keys/roles.js';
import type { AccountNode } from './account.js';
import { nodeIssuer } from './deliveryRouter.js';
import { NodeInputError } from './inputError.js';
import type { KeyCommand } from './keyInput.js';
import { readAction, readCommand } from './keyInput.js';
import { maskPayloadDoorcodes } from './keyInputMask.js';
import { answerMessage, deliveryMessage, keyMessage, keyNodeError } from './keyMessages.js';
import type { KeyNodeConfig } from './keyDefaults.js';
import { editorDefaults } from './keyDefaults.js';
import type { LastAction } from './keyStatus.js';
import { keyStatus } from './keyStatus.js';
import type { KeysState } from './accountKeys.js';
import type { ProfileNode } from './profile.js';
import type { Node, NodeMessage, NodeRedApi } from './red.js';

export const KEY_TYPE = 'tedee-key';

export default function registerKey(RED: NodeRedApi): void {
  function TedeeKey(this: Node, config: KeyNodeConfig): void {
    RED.nodes.createNode(this, config);
    const account = config.account ? (RED.nodes.getNode(config.account) as AccountNode | null) : null;
    const profileNode = config.profile ? (RED.nodes.getNode(config.profile) as ProfileNode | null) : null;
    const reveal = config.reveal === true || config.reveal === 'true';
    const offs: (() => void)[] = [];
    /** Keys this node issued that wait for a door: reported again once they are not `pending`. */
    const waiting = new Set<string>();
    let health: HealthStatus = { state: 'starting' };
    let keys: KeysState = {};
    let last: LastAction | undefined;
    const showStatus = () =>
      this.status(
        keyStatus({
          hasAccount: account !== null,
          health,
          keysRunning: keys.service !== undefined,
          keysProblem: keys.problem,
          last,
        }),
      );
    const issuer = (): Issuer => ({ issuer: nodeIssuer(this.id), role: account?.role ?? 'owner' });

    const reportSettled = (key: Key, service: KeyServiceApi) => {
      waiting.delete(key.id);
      const shown = reveal ? service.show(key.id, { reveal }) : key;
      last = { action: 'issue', status: shown.status, failed: shown.status === 'failed' };
      this.send([keyMessage({}, 'issue', shown, account?.hub), null]);
      showStatus();
    };

    if (account) {
      offs.push(
        account.watchHealth((next) => {
          health = next;
          showStatus();
        }),
        account.keys.watch((next) => {
          keys = next;
          showStatus();
          // Keys this node issued that still wait (from before a redeploy or restart) report when settled.
          for (const key of next.service?.list({ status: 'pending' }) ?? [])
            if (key.createdBy.issuer === nodeIssuer(this.id)) waiting.add(key.id);
        }),
        account.keys.deliveries.listen(this.id, (delivery) => this.send([null, deliveryMessage(delivery)])),
      );
      const hub = account.hub;
      if (hub)
        offs.push(
          hub.on('keyChanged', ({ key }) => {
            if (key.createdBy.issuer !== nodeIssuer(this.id)) return;
            if (key.status === 'pending') waiting.add(key.id);
            else if (waiting.has(key.id)) {
              const service = account.keys.state().service;
              if (service) reportSettled(key, service);
            }
          }),
        );
    } else showStatus();

    const run = async (msg: NodeMessage): Promise<NodeMessage> => {
      if (!account) throw new NodeInputError('CONFIG_INVALID', 'account: none chosen; pick a tedee-account');
      const action = readAction(msg, config.action);
      if (action === 'issue' && profileNode && !profileNode.profile)
        throw new NodeInputError('PROFILE_INVALID', `profile: ${profileNode.problems.join('; ')}`);
      const command = readCommand(action, msg.payload, editorDefaults(config, profileNode?.profile));
      const service = await account.keyService();
      if (command.action === 'issue' && profileNode?.profile) {
        // A role that may not issue hears that, not that it may not change profiles.
        checkIssuerRole(issuer().role, 'create');
        // Upserted by name, so the store holds the profile as the editor shows it now.
        service.profiles.add(profileNode.profile, issuer());
      }
      const result = await execute(service, command);
      if ('dryRun' in result) {
        last = { action, status: 'dry run' };
        return answerMessage(msg, action, result);
      }
      if (Array.isArray(result)) {
        last = { action, status: `${result.length} keys` };
        return answerMessage(msg, action, result);
      }
      last = { action, status: result.status, failed: result.status === 'failed' };
      return keyMessage(msg, action, result, account.hub);
    };

    const execute = async (service: KeyServiceApi, command: KeyCommand): Promise<Key | Key[] | IssuePlan> => {
      const by = issuer();
      const router = account!.keys.deliveries;
      const shown = (key: Key) => (reveal ? service.show(key.id, { reveal }) : key);
      switch (command.action) {
        case 'issue':
          // A dry run answers with the plan (what would be written per door), sent as the payload.
          return service.issue(command.request, by, { reveal });
        case 'update':
          return shown(
            await router.actingOn(command.id, this.id, () => service.update(command.id, command.changes, by)),
          );
        case 'replace-code':
          return shown(
            await router.actingOn(command.id, this.id, () =>
              service.replaceCode(command.id, command.person, command.doorcode, by),
            ),
          );
        case 'resend':
          return shown(
            await router.actingOn(command.id, this.id, () => service.resend(command.id, command.person, by)),
          );
        case 'revoke':
          return shown(await service.revoke(command.id, by));
        case 'show':
          return service.show(command.id, { reveal });
        case 'list':
          return service.list(command.filter);
      }
    };

    this.on('input', (msg, send, done) => {
      void run(msg).then(
        (out) => {
          showStatus();
          send([out, null]);
          done();
        },
        (caught: unknown) => {
          const error = keyNodeError(caught);
          const action = typeof msg.action === 'string' ? msg.action : (config.action ?? '');
          last = { action: action || 'key', status: error.code, failed: true };
          showStatus();
          // Catch gets this message: its requested codes are masked as output 1's are (keyInputMask.ts).
          if (!reveal) msg.payload = maskPayloadDoorcodes(msg.payload);
          done(error);
        },
      );
    });

    this.on('close', (_removed, done) => {
      for (const off of offs.splice(0)) off();
      waiting.clear();
      this.status({});
      done();
    });
  }
  RED.nodes.registerType(KEY_TYPE, TedeeKey);
}
