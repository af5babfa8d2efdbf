#!/bin/sh
# Builds the peripheral board firmware from kiosk-firmata.cpp and Debian's Arduino core.
#
#   build.sh OUT_DIR    writes OUT_DIR/kiosk-firmata.elf and OUT_DIR/kiosk-firmata.hex
#
# Needs: gcc-avr avr-libc arduino-core-avr (apt). The test rig and flash.sh both call this,
# so the board in the field runs exactly what the tests ran.
set -eu

out=${1:?usage: build.sh OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
core=${ARDUINO_CORE:-/usr/share/arduino/hardware/arduino/avr}

if [ ! -d "$core/cores/arduino" ]; then
  echo "Arduino core not found at $core: apt-get install arduino-core-avr" >&2
  exit 2
fi

mkdir -p "$out/obj"

# Debian's arduino core needs DECIMAL_DIG with Debian's avr-gcc 5.4.
flags="-mmcu=atmega328p -DF_CPU=16000000L -DARDUINO=10813 -DARDUINO_AVR_UNO -DARDUINO_ARCH_AVR
  -DDECIMAL_DIG=9 -Os -ffunction-sections -fdata-sections
  -I$core/cores/arduino -I$core/variants/standard"

objects=""
for src in "$core"/cores/arduino/*.c "$core"/cores/arduino/*.cpp "$here/kiosk-firmata.cpp"; do
  obj="$out/obj/$(basename "$src").o"
  case "$src" in
    *.c) avr-gcc $flags -std=gnu11 -c "$src" -o "$obj" ;;
    *) avr-g++ $flags -std=gnu++11 -fno-exceptions -fno-threadsafe-statics -c "$src" -o "$obj" ;;
  esac
  objects="$objects $obj"
done

avr-g++ -mmcu=atmega328p -Os -Wl,--gc-sections -o "$out/kiosk-firmata.elf" $objects
avr-objcopy -O ihex -R .eeprom "$out/kiosk-firmata.elf" "$out/kiosk-firmata.hex"
avr-size "$out/kiosk-firmata.elf" >&2
