/**
 * The demo bridge's setup URI as a QR code of text, for the Home app's camera. Rendered with the same
 * `qrcode-terminal` that Homebridge uses for its own QR code, loaded through Homebridge (whose dependency it is):
 * the QR code is needed only when Homebridge runs, so the package needs no dependency of its own for it.
 */
import { createRequire } from 'node:module';

interface QrcodeTerminal {
  setErrorLevel(level: string): void;
  generate(text: string, options: { small: boolean }, done: (qr: string) => void): void;
}

/** The QR code as lines of half blocks (no escape sequences), or [] when it cannot be drawn. */
export function qrLines(homebridgeBin: string, text: string): string[] {
  try {
    const qrcode = createRequire(homebridgeBin)('qrcode-terminal') as QrcodeTerminal;
    // The level Homebridge sets, so that the code reads the same as the one Homebridge prints.
    qrcode.setErrorLevel('M');
    let lines: string[] = [];
    qrcode.generate(text, { small: true }, (qr) => (lines = qr.split('\n').filter((line) => line !== '')));
    return lines;
  } catch {
    return [];
  }
}
