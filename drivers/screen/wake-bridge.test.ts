import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TypedEmitter } from '../core/typed-emitter.js';
import type { WakeReason } from './screen-driver.js';
import { bridgeWake, wakeOn } from './wake-bridge.js';

type CardEvents = { card: { uid: string }; 'card-removed': { reader: string } };
type ButtonEvents = { button: { name: string; pressed: boolean } };

test('card, finger and button events wake the screen with their reason; off removes all', () => {
  const cards = new TypedEmitter<CardEvents>();
  const fingers = new TypedEmitter<{ finger: { templateId: number } }>();
  const buttons = new TypedEmitter<ButtonEvents>();
  const woken: WakeReason[] = [];
  const screen = { wake: (reason: WakeReason) => woken.push(reason) };

  const off = bridgeWake(screen, [
    wakeOn(cards, 'card', 'card'),
    wakeOn(fingers, 'finger', 'finger'),
    wakeOn(buttons, 'button', 'button', (event) => event.pressed),
  ]);
  cards.emit('card', { uid: '04A1B2C3' });
  cards.emit('card-removed', { reader: 'Demo Reader' });
  fingers.emit('finger', { templateId: 3 });
  buttons.emit('button', { name: 'call', pressed: true });
  buttons.emit('button', { name: 'call', pressed: false });
  assert.equal(woken, ['card', 'finger', 'button']);

  off();
  cards.emit('card', { uid: '04A1B2C3' });
  assert.is(cards.listenerCount('card'), 0);
  assert.is(woken.length, 3);
});

test('a throwing filter is contained by the emitter; other listeners still run', () => {
  const errors: string[] = [];
  const buttons = new TypedEmitter<ButtonEvents>((event) => errors.push(event));
  const seen: string[] = [];
  buttons.on('button', (event) => seen.push(event.name));
  bridgeWake({ wake: () => undefined }, [
    wakeOn(buttons, 'button', 'button', () => {
      throw new Error('bad filter');
    }),
  ]);
  buttons.emit('button', { name: 'tamper', pressed: true });
  assert.equal(errors, ['button']);
  assert.equal(seen, ['tamper']);
});

test.run();
