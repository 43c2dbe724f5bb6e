import { useEffect, useRef, useState } from 'react';

/**
 * Scans QR codes with the phone camera. Uses the browser's BarcodeDetector where it reads QR codes
 * (Android Chrome, Safari); elsewhere the `barcode-detector` polyfill (ZXing-C++ in WebAssembly), loaded
 * only then, with its .wasm served by this platform (never from a CDN). The caller always offers manual
 * entry too: cameras can be refused or absent.
 */

interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}

async function nativeDetector(): Promise<Detector | undefined> {
  const Native = (
    globalThis as {
      BarcodeDetector?: {
        new (o: { formats: string[] }): Detector;
        getSupportedFormats(): Promise<string[]>;
      };
    }
  ).BarcodeDetector;
  if (!Native) return undefined;
  try {
    return (await Native.getSupportedFormats()).includes('qr_code')
      ? new Native({ formats: ['qr_code'] })
      : undefined;
  } catch {
    return undefined;
  }
}

let fallback: Promise<Detector> | undefined;
function polyfillDetector(): Promise<Detector> {
  fallback ??= Promise.all([
    import('barcode-detector/ponyfill'),
    import('zxing-wasm/reader/zxing_reader.wasm?url'),
  ]).then(([lib, wasm]) => {
    lib.prepareZXingModule({
      overrides: {
        locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasm.default : prefix + path),
      },
    });
    return new lib.BarcodeDetector({ formats: ['qr_code'] });
  });
  return fallback;
}

export type ScannerState = 'idle' | 'starting' | 'scanning' | 'denied' | 'unavailable';

export function QrScanner({
  onCode,
  labels,
}: {
  onCode: (code: string) => void;
  labels: { start: string; stop: string; denied: string; unavailable: string; scanning: string };
}) {
  const video = useRef<HTMLVideoElement>(null);
  const [active, setActive] = useState(false);
  const [state, setState] = useState<ScannerState>('idle');
  const callback = useRef(onCode);
  callback.current = onCode;

  useEffect(() => {
    if (!active) {
      setState((s) => (s === 'denied' || s === 'unavailable' ? s : 'idle'));
      return;
    }
    setState('starting');
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    (async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        setState('unavailable');
        setActive(false);
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: 'environment' },
          audio: false,
        });
      } catch {
        setState('denied');
        setActive(false);
        return;
      }
      const element = video.current;
      if (stopped || !element) return;
      element.srcObject = stream;
      await element.play().catch(() => {});
      const detector = (await nativeDetector()) ?? (await polyfillDetector());
      if (stopped) return;
      setState('scanning');
      let last = '';
      const tick = async () => {
        if (stopped) return;
        try {
          if (element.readyState >= 2) {
            const [found] = await detector.detect(element);
            if (found?.rawValue && found.rawValue !== last) {
              last = found.rawValue;
              callback.current(found.rawValue);
            }
          }
        } catch {
          // a frame that cannot be read: try the next one
        }
        timer = setTimeout(tick, 250); // four reads a second is plenty and spares a cheap phone's CPU
      };
      tick();
    })();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [active]);

  const running = active;
  return (
    <div className="scanner">
      <video
        ref={video}
        className={running ? 'scanner-video' : 'scanner-video scanner-off'}
        muted
        playsInline
      />
      <p className="scanner-actions">
        {running ? (
          <button type="button" className="button button-secondary" onClick={() => setActive(false)}>
            {labels.stop}
          </button>
        ) : (
          <button type="button" className="button" onClick={() => setActive(true)}>
            {labels.start}
          </button>
        )}
      </p>
      <p role="status" className="muted">
        {state === 'scanning'
          ? labels.scanning
          : state === 'denied'
            ? labels.denied
            : state === 'unavailable'
              ? labels.unavailable
              : ''}
      </p>
    </div>
  );
}
