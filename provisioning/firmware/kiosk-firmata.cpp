// Peripheral board firmware: the subset of Firmata 2.5 the kiosk runtime uses.
//
// Board: ATmega328P at 16 MHz (Arduino Uno / Nano class), UART0 at 57600 baud.
// Speaks only when asked: the host requests the version itself, because a board that is
// not reset on open (pseudo-terminal, USB adapter without DTR) would announce into the void.
#include <Arduino.h>

static const uint8_t PROTOCOL_MAJOR = 2, PROTOCOL_MINOR = 5;
static const uint8_t FIRMWARE_MAJOR = 1, FIRMWARE_MINOR = 0;
static const char FIRMWARE_NAME[] = "kiosk-firmata";

enum : uint8_t {
  DIGITAL_MESSAGE = 0x90, ANALOG_MESSAGE = 0xE0, REPORT_ANALOG = 0xC0, REPORT_DIGITAL = 0xD0,
  SET_PIN_MODE = 0xF4, SET_DIGITAL_PIN_VALUE = 0xF5, REPORT_VERSION = 0xF9,
  SYSTEM_RESET = 0xFF, START_SYSEX = 0xF0, END_SYSEX = 0xF7,
  ANALOG_MAPPING_QUERY = 0x69, ANALOG_MAPPING_RESPONSE = 0x6A, CAPABILITY_QUERY = 0x6B,
  CAPABILITY_RESPONSE = 0x6C, PIN_STATE_QUERY = 0x6D, PIN_STATE_RESPONSE = 0x6E,
  QUERY_FIRMWARE = 0x79, SAMPLING_INTERVAL = 0x7A,
};
enum : uint8_t {
  MODE_INPUT = 0, MODE_OUTPUT = 1, MODE_ANALOG = 2, MODE_PWM = 3, MODE_PULLUP = 11,
};

static const uint8_t PINS = 20, FIRST_PIN = 2, FIRST_ANALOG = 14, PORTS = 3, MAX_SYSEX = 32;

static uint8_t modes[PINS], states[PINS];
static uint8_t reportPorts[PORTS], lastPorts[PORTS];
static uint8_t reportAnalog;
static uint16_t samplingMs = 19;
static unsigned long lastSample;

// Parser state: one command byte with its data bytes, or a sysex body up to MAX_SYSEX.
static uint8_t command, channel, needed, received, args[2];
static bool inSysex, sysexTooLong;
static uint8_t sysex[MAX_SYSEX], sysexLength;

static bool isPwm(uint8_t pin) {
  return pin == 3 || pin == 5 || pin == 6 || pin == 9 || pin == 10 || pin == 11;
}

static void send2(uint8_t first, uint16_t value) {
  Serial.write(first);
  Serial.write(value & 0x7F);
  Serial.write((value >> 7) & 0x7F);
}

static void setMode(uint8_t pin, uint8_t mode) {
  if (pin < FIRST_PIN || pin >= PINS) return;
  if (mode == MODE_ANALOG && pin < FIRST_ANALOG) return;
  if (mode == MODE_PWM && !isPwm(pin)) return;
  if (mode == MODE_OUTPUT || mode == MODE_PWM) pinMode(pin, OUTPUT);
  else if (mode == MODE_PULLUP) pinMode(pin, INPUT_PULLUP);
  else if (mode == MODE_INPUT || mode == MODE_ANALOG) pinMode(pin, INPUT);
  else return;
  modes[pin] = mode;
  // An output keeps its latch (what it drives); an input's state is its pull-up.
  if (mode == MODE_PULLUP) states[pin] = 1;
  else if (mode == MODE_INPUT || mode == MODE_ANALOG) states[pin] = 0;
}

static void writePin(uint8_t pin, uint8_t value) {
  // Writing HIGH to an input enables its pull-up, as older Firmata hosts expect.
  if (modes[pin] == MODE_OUTPUT || modes[pin] == MODE_INPUT) {
    digitalWrite(pin, value ? HIGH : LOW);
    states[pin] = value ? 1 : 0;
  }
}

static uint8_t readPort(uint8_t port) {
  uint8_t value = 0;
  for (uint8_t bit = 0; bit < 8; bit++) {
    uint8_t pin = port * 8 + bit;
    if (pin < FIRST_PIN || pin >= PINS) continue;
    if (modes[pin] != MODE_INPUT && modes[pin] != MODE_PULLUP) continue;
    if (digitalRead(pin) == HIGH) value |= 1 << bit;
  }
  return value;
}

static void reportDigital(bool force) {
  for (uint8_t port = 0; port < PORTS; port++) {
    if (!reportPorts[port]) continue;
    uint8_t value = readPort(port);
    if (!force && value == lastPorts[port]) continue;
    lastPorts[port] = value;
    send2(DIGITAL_MESSAGE | port, value);
  }
}

static void sendVersion() {
  const uint8_t reply[] = { REPORT_VERSION, PROTOCOL_MAJOR, PROTOCOL_MINOR };
  Serial.write(reply, sizeof reply);
}

static void sendFirmware() {
  Serial.write(START_SYSEX);
  Serial.write(QUERY_FIRMWARE);
  Serial.write(FIRMWARE_MAJOR);
  Serial.write(FIRMWARE_MINOR);
  for (const char *c = FIRMWARE_NAME; *c; c++) {
    Serial.write(*c & 0x7F);
    Serial.write((*c >> 7) & 0x7F);
  }
  Serial.write(END_SYSEX);
}

static void sendCapabilities() {
  Serial.write(START_SYSEX);
  Serial.write(CAPABILITY_RESPONSE);
  for (uint8_t pin = 0; pin < PINS; pin++) {
    if (pin >= FIRST_PIN) {
      const uint8_t common[] = { MODE_INPUT, 1, MODE_OUTPUT, 1, MODE_PULLUP, 1 };
      Serial.write(common, sizeof common);
      if (isPwm(pin)) { Serial.write(MODE_PWM); Serial.write(8); }
      if (pin >= FIRST_ANALOG) { Serial.write(MODE_ANALOG); Serial.write(10); }
    }
    Serial.write(0x7F);
  }
  Serial.write(END_SYSEX);
}

static void sendAnalogMapping() {
  Serial.write(START_SYSEX);
  Serial.write(ANALOG_MAPPING_RESPONSE);
  for (uint8_t pin = 0; pin < PINS; pin++) {
    Serial.write(pin >= FIRST_ANALOG ? pin - FIRST_ANALOG : 0x7F);
  }
  Serial.write(END_SYSEX);
}

static void handleSysex() {
  if (sysexLength == 0) return;
  uint8_t id = sysex[0];
  if (id == QUERY_FIRMWARE) sendFirmware();
  else if (id == CAPABILITY_QUERY) sendCapabilities();
  else if (id == ANALOG_MAPPING_QUERY) sendAnalogMapping();
  else if (id == PIN_STATE_QUERY && sysexLength >= 2 && sysex[1] < PINS) {
    uint8_t pin = sysex[1];
    const uint8_t reply[] = {
      START_SYSEX, PIN_STATE_RESPONSE, pin, modes[pin], uint8_t(states[pin] & 0x7F), END_SYSEX,
    };
    Serial.write(reply, sizeof reply);
  } else if (id == SAMPLING_INTERVAL && sysexLength >= 3) {
    uint16_t ms = sysex[1] | (sysex[2] << 7);
    samplingMs = ms < 10 ? 10 : ms;
  }
}

static void resetState() {
  for (uint8_t pin = FIRST_PIN; pin < PINS; pin++) {
    setMode(pin, pin >= FIRST_ANALOG ? MODE_ANALOG : MODE_INPUT);
  }
  for (uint8_t port = 0; port < PORTS; port++) reportPorts[port] = lastPorts[port] = 0;
  reportAnalog = 0;
  samplingMs = 19;
}

static void handleCommand() {
  uint16_t value = args[0] | (args[1] << 7);
  if (command == DIGITAL_MESSAGE) {
    for (uint8_t bit = 0; bit < 8; bit++) {
      uint8_t pin = channel * 8 + bit;
      if (pin >= FIRST_PIN && pin < PINS) writePin(pin, (value >> bit) & 1);
    }
  } else if (command == SET_DIGITAL_PIN_VALUE && args[0] >= FIRST_PIN && args[0] < PINS) {
    writePin(args[0], args[1]);
  } else if (command == ANALOG_MESSAGE && channel < PINS && modes[channel] == MODE_PWM) {
    analogWrite(channel, value > 255 ? 255 : value);
    states[channel] = value;
  } else if (command == SET_PIN_MODE) {
    setMode(args[0], args[1]);
  } else if (command == REPORT_ANALOG && channel < PINS - FIRST_ANALOG) {
    if (args[0]) reportAnalog |= 1 << channel;
    else reportAnalog &= ~(1 << channel);
  } else if (command == REPORT_DIGITAL && channel < PORTS) {
    reportPorts[channel] = args[0] ? 1 : 0;
    if (args[0]) reportDigital(true);
  }
}

static void parse(uint8_t byte) {
  if (inSysex) {
    if (byte == END_SYSEX) {
      inSysex = false;
      if (!sysexTooLong) handleSysex();
      return;
    }
    if (byte < 0x80) {
      if (sysexLength < MAX_SYSEX) sysex[sysexLength++] = byte;
      else sysexTooLong = true;
      return;
    }
    inSysex = false;  // A command byte inside a sysex abandons it; parse the byte afresh.
  }

  if (byte & 0x80) {
    command = byte < 0xF0 ? byte & 0xF0 : byte;
    channel = byte & 0x0F;
    received = needed = 0;
    args[0] = args[1] = 0;
    if (command == DIGITAL_MESSAGE || command == ANALOG_MESSAGE || command == SET_PIN_MODE ||
        command == SET_DIGITAL_PIN_VALUE) needed = 2;
    else if (command == REPORT_ANALOG || command == REPORT_DIGITAL) needed = 1;
    else if (command == START_SYSEX) { inSysex = true; sysexLength = 0; sysexTooLong = false; }
    else if (command == REPORT_VERSION) sendVersion();
    else if (command == SYSTEM_RESET) resetState();
    return;
  }

  // Data bytes of an unknown command, or stray ones, are dropped.
  if (needed == 0) return;
  args[received++] = byte;
  if (received == needed) {
    handleCommand();
    received = 0;
  }
}

void setup() {
  Serial.begin(57600);
  resetState();
}

void loop() {
  while (Serial.available() > 0) parse(Serial.read());
  reportDigital(false);

  unsigned long now = millis();
  if (now - lastSample < samplingMs) return;
  lastSample = now;
  for (uint8_t ch = 0; ch < PINS - FIRST_ANALOG; ch++) {
    if (reportAnalog & (1 << ch)) send2(ANALOG_MESSAGE | ch, analogRead(ch));
  }
}
