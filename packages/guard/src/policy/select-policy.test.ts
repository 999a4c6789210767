import { describe, expect, it } from 'vitest';
import { policyMatches, selectPolicy } from './select-policy.js';

const open = { id: 'open', match: {} };
const chat = { id: 'chat', match: { routes: ['/v1/chat/*'] } };
const teamChat = { id: 'team-chat', match: { routes: ['/v1/chat/*'], keys: ['team-a-*'] } };
const admins = { id: 'admins', match: { roles: ['admin'] } };

describe('policyMatches', () => {
  it('requires every given list to match and treats absent lists as wildcards', () => {
    expect(policyMatches(open, {})).toBe(true);
    expect(policyMatches(chat, { route: '/v1/chat/completions' })).toBe(true);
    expect(policyMatches(chat, { route: '/v1/embeddings' })).toBe(false);
    expect(policyMatches(chat, {})).toBe(false);
    expect(policyMatches(teamChat, { route: '/v1/chat/completions', key: 'team-b-1' })).toBe(false);
    expect(policyMatches(admins, { roles: ['viewer', 'admin'] })).toBe(true);
    expect(policyMatches(admins, { roles: ['viewer'] })).toBe(false);
  });
});

describe('selectPolicy', () => {
  it('picks the most specific match, earlier first on ties', () => {
    const policies = [open, chat, teamChat, admins];
    expect(selectPolicy(policies, { route: '/v1/chat/completions', key: 'team-a-prod' })?.id).toBe('team-chat');
    expect(selectPolicy(policies, { route: '/v1/chat/completions', key: 'other' })?.id).toBe('chat');
    expect(selectPolicy(policies, { route: '/v1/embeddings' })?.id).toBe('open');
    expect(selectPolicy([chat], { route: '/v1/embeddings' })).toBeUndefined();
    expect(selectPolicy([chat, admins], { route: '/v1/chat/x', roles: ['admin'] })?.id).toBe('chat');
  });
});
