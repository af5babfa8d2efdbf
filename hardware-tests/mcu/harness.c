/*
 * Runs the peripheral board firmware on simavr's ATmega328P with UART0 on a pty.
 *
 *   harness FIRMWARE.elf
 *
 * stdout, one line each:  "pty /dev/pts/N" once, "out PIN LEVEL" when an output pin
 * changes, "ok ..." after each command, "err ..." for a command it did not understand.
 * stdin commands:         "pin PIN LEVEL" drives an input pin (Arduino numbering 2-19),
 *                         "adc CHANNEL MILLIVOLTS" sets an analog input (0-5, 0-5000),
 *                         "state PIN" prints "state PIN DIR LEVEL", "quit".
 * The simulation is paced to wall-clock time so that millis() and the sampling interval
 * mean what they say. It exits when stdin closes, so it never outlives its parent.
 *
 * The UART bridge is our own rather than simavr's uart_pty part: with Debian's simavr 1.6
 * that part stopped passing bytes for good after one burst of a few hundred bytes from the
 * host (it moves them between two threads through 512-byte buffers), and the fault tests
 * send such bursts. Here every byte moves on the simulation thread.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sim_avr.h"
#include "sim_elf.h"
#include "avr_ioport.h"
#include "avr_adc.h"
#include "avr_uart.h"

#define PINS 20
#define FREQUENCY 16000000UL

static avr_t *avr;
static FILE *out; /* the line protocol; library chatter goes to stderr */
static int last_level[PINS];
static int driven[PINS]; /* level we drive on an input pin, -1 when floating */

/* Arduino Uno numbering: 0-7 on port D, 8-13 on port B, 14-19 (A0-A5) on port C. */
static int locate(int pin, char *port, int *bit) {
  if (pin < 2 || pin >= PINS) return -1;
  if (pin < 8) { *port = 'D'; *bit = pin; }
  else if (pin < 14) { *port = 'B'; *bit = pin - 8; }
  else { *port = 'C'; *bit = pin - 14; }
  return 0;
}

static avr_ioport_state_t port_state(char port) {
  avr_ioport_state_t state;
  memset(&state, 0, sizeof state);
  avr_ioctl(avr, AVR_IOCTL_IOPORT_GETSTATE(port), &state);
  return state;
}

/*
 * Keeps a driven input at its level. simavr lets the chip's own pull-up logic overwrite a
 * level raised earlier, and ignores raising the value an IRQ already holds, so the level
 * is re-asserted (flipped and set back between two instructions) whenever it drifted.
 */
static void enforce(int pin) {
  char port = 'D';
  int bit = 0;
  if (driven[pin] < 0 || locate(pin, &port, &bit) != 0) return;
  avr_ioport_state_t state = port_state(port);
  if (state.ddr & (1 << bit)) return;
  if (((state.pin >> bit) & 1) == driven[pin]) return;
  avr_irq_t *irq = avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ(port), bit);
  avr_raise_irq(irq, !driven[pin]);
  avr_raise_irq(irq, driven[pin]);
}

static void on_pin(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq;
  int pin = (int)(intptr_t)param;
  char port = 'D';
  int bit = 0;
  locate(pin, &port, &bit);

  /* The same IRQ fires when we drive an input: report only pins the firmware drives. */
  if (!(port_state(port).ddr & (1 << bit))) return;
  int level = value ? 1 : 0;
  if (level == last_level[pin]) return;
  last_level[pin] = level;
  fprintf(out, "out %d %d\n", pin, level);
  fflush(out);
}

static void command(char *line) {
  int a = 0, b = 0;
  char port;
  int bit;

  if (sscanf(line, "pin %d %d", &a, &b) == 2 && locate(a, &port, &bit) == 0) {
    driven[a] = b ? 1 : 0;
    enforce(a);
    fprintf(out, "ok pin %d %d\n", a, b ? 1 : 0);
  } else if (sscanf(line, "adc %d %d", &a, &b) == 2 && a >= 0 && a < 6 && b >= 0 && b <= 5000) {
    avr_raise_irq(avr_io_getirq(avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_ADC0 + a), (uint32_t)b);
    fprintf(out, "ok adc %d %d\n", a, b);
  } else if (sscanf(line, "state %d", &a) == 1 && locate(a, &port, &bit) == 0) {
    avr_ioport_state_t state = port_state(port);
    int output = (state.ddr >> bit) & 1;
    int level = output ? (state.port >> bit) & 1 : (state.pin >> bit) & 1;
    fprintf(out, "state %d %s %d\n", a, output ? "out" : "in", level);
  } else if (strncmp(line, "quit", 4) == 0) {
    exit(0);
  } else {
    fprintf(out, "err %s\n", line);
  }
  fflush(out);
}

/* Reads whatever stdin holds without blocking; runs each complete line. */
static void poll_stdin(void) {
  static char buffer[256];
  static size_t length;
  struct pollfd fd = { .fd = 0, .events = POLLIN };
  if (poll(&fd, 1, 0) <= 0) return;

  ssize_t n = read(0, buffer + length, sizeof buffer - 1 - length);
  if (n == 0) exit(0);
  if (n < 0) return;
  length += (size_t)n;
  buffer[length] = 0;

  char *start = buffer, *end;
  while ((end = strchr(start, '\n')) != NULL) {
    *end = 0;
    command(start);
    start = end + 1;
  }
  length = strlen(start);
  memmove(buffer, start, length + 1);
  if (length == sizeof buffer - 1) length = 0; /* an endless line is dropped */
}

/* The pty bridge: host bytes wait in `rx` until the UART has room (XON). */
static int master = -1;
static avr_irq_t *uart_input;
static int uart_xon;
static uint8_t rx[256], tx[4096];
static size_t rx_length, rx_done, tx_length;

static void on_uart_output(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq;
  (void)param;
  if (tx_length < sizeof tx) tx[tx_length++] = (uint8_t)value; /* host not reading: drop */
}

static void on_uart_xon(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq, (void)value, (void)param;
  uart_xon = 1;
}

static void on_uart_xoff(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq, (void)value, (void)param;
  uart_xon = 0;
}

static const char *open_bridge(void) {
  static char name[128];
  int slave;
  if (openpty(&master, &slave, name, NULL, NULL) < 0) return NULL;
  struct termios tio;
  tcgetattr(master, &tio);
  cfmakeraw(&tio);
  tcsetattr(master, TCSANOW, &tio);
  /* slave stays open so the host can close and reopen without the master seeing a hangup */
  fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);

  uint32_t flags = 0;
  avr_ioctl(avr, AVR_IOCTL_UART_GET_FLAGS('0'), &flags);
  flags &= ~AVR_UART_FLAG_STDIO;
  avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS('0'), &flags);

  uart_input = avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_INPUT);
  avr_irq_register_notify(
      avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT), on_uart_output, NULL);
  avr_irq_register_notify(
      avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XON), on_uart_xon, NULL);
  avr_irq_register_notify(
      avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XOFF), on_uart_xoff, NULL);
  return name;
}

static void pump_bridge(void) {
  if (tx_length > 0) {
    ssize_t n = write(master, tx, tx_length);
    if (n > 0) {
      memmove(tx, tx + n, tx_length - (size_t)n);
      tx_length -= (size_t)n;
    }
  }
  if (rx_done == rx_length) {
    ssize_t n = read(master, rx, sizeof rx);
    rx_length = n > 0 ? (size_t)n : 0;
    rx_done = 0;
  }
  while (uart_xon && rx_done < rx_length) avr_raise_irq(uart_input, rx[rx_done++]);
}

/* simavr logs to stdout by default; keep stdout for our line protocol. */
static void log_to_stderr(struct avr_t *unused, const int level, const char *format, va_list ap) {
  (void)unused;
  if (level <= LOG_WARNING) vfprintf(stderr, format, ap);
}

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/*
 * Sleeps while the simulated clock is ahead of the wall clock. After a long stall (the
 * process was stopped) the wall clock is not chased: the board just carries on from there.
 */
static void pace(uint64_t *started) {
  uint64_t simulated = avr->cycle * 1000ULL / (FREQUENCY / 1000000ULL);
  uint64_t real = now_ns() - *started;
  if (real > simulated + 100000000ULL) {
    *started = now_ns() - simulated;
    return;
  }
  if (simulated > real + 1000000ULL) {
    struct timespec pause = { 0, (long)(simulated - real) };
    nanosleep(&pause, NULL);
  }
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FIRMWARE.elf\n", argv[0]);
    return 2;
  }

  out = fdopen(dup(1), "w");
  dup2(2, 1);
  avr_global_logger_set(log_to_stderr);

  elf_firmware_t firmware;
  memset(&firmware, 0, sizeof firmware);
  if (elf_read_firmware(argv[1], &firmware) != 0) {
    fprintf(stderr, "cannot read firmware %s\n", argv[1]);
    return 2;
  }
  strcpy(firmware.mmcu, "atmega328p");
  firmware.frequency = FREQUENCY;

  avr = avr_make_mcu_by_name(firmware.mmcu);
  if (!avr) {
    fprintf(stderr, "simavr has no atmega328p core\n");
    return 2;
  }
  avr_init(avr);
  avr_load_firmware(avr, &firmware);
  avr->vcc = avr->avcc = avr->aref = 5000;

  const char *pty = open_bridge();
  if (!pty) {
    fprintf(stderr, "cannot open a pty: %s\n", strerror(errno));
    return 2;
  }
  fprintf(out, "pty %s\n", pty);
  fflush(out);

  for (int pin = 2; pin < PINS; pin++) {
    char port;
    int bit;
    locate(pin, &port, &bit);
    last_level[pin] = -1;
    driven[pin] = -1;
    avr_irq_register_notify(
        avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ(port), bit), on_pin, (void *)(intptr_t)pin);
  }

  uint64_t started = now_ns();
  for (unsigned long step = 0;; step++) {
    int state = avr_run(avr);
    if (state == cpu_Done || state == cpu_Crashed) {
      fprintf(stderr, "firmware stopped (state %d)\n", state);
      return 1;
    }
    if ((step & 0xFF) == 0) pump_bridge();
    if ((step & 0x3FF) == 0) {
      poll_stdin();
      for (int pin = 2; pin < PINS; pin++) enforce(pin);
      pace(&started);
    }
  }
}
