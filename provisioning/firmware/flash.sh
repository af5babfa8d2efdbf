#!/bin/sh
# Builds the peripheral board firmware and flashes it with avrdude.
#
#   flash.sh PORT [PROGRAMMER] [BAUD]
#
#   PORT        serial device of the board, e.g. /dev/ttyUSB0 or /dev/serial/by-id/usb-…
#   PROGRAMMER  avrdude programmer id; default "arduino" (the Optiboot bootloader of an
#               Uno or a recent Nano). Old Nanos with the ATmegaBOOT bootloader: use
#               "arduino" with BAUD 57600.
#   BAUD        bootloader speed; default 115200.
#
# Needs: gcc-avr avr-libc arduino-core-avr avrdude (apt). Run as a user in the "dialout"
# group. After flashing, run the MCU self-test (hardware-tests/selftest-mcu.ts).
set -eu

port=${1:?usage: flash.sh PORT [PROGRAMMER] [BAUD]}
programmer=${2:-arduino}
baud=${3:-115200}
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v avrdude >/dev/null 2>&1; then
  echo "avrdude not found: apt-get install avrdude" >&2
  exit 2
fi
if [ ! -e "$port" ]; then
  echo "no board at $port: check the cable and ls /dev/serial/by-id/" >&2
  exit 2
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$here/build.sh" "$out"

# -D skips the chip erase the Arduino bootloader does not support.
avrdude -p atmega328p -c "$programmer" -P "$port" -b "$baud" -D \
  -U "flash:w:$out/kiosk-firmata.hex:i"
echo "flashed kiosk-firmata onto the board at $port"
