/** Test helper: a numbered event of a type the protocol defines (the number is the pin). */
export function tick(n: number) {
  return { type: 'device.input', data: { device: 'test', pin: n, value: true } };
}
