/**
 * Simulated mode only: one button per roster finger and one for a finger nobody owns,
 * each placing that finger on the emulated reader. Striped and labelled so no one takes
 * it for part of the real terminal.
 */
import { useState } from 'preact/hooks';
import type { DemoFinger, SimFingerRequest } from '../../kiosk/api/messages.js';
import { useLanguage } from '../i18n.js';
import { FingerprintIcon, QuestionIcon } from './pictograms.js';

export function DemoPanel(props: {
  fingers: DemoFinger[];
  onFinger(request: SimFingerRequest): Promise<void>;
}) {
  const { t } = useLanguage();
  const [problem, setProblem] = useState<string | null>(null);

  const place = (request: SimFingerRequest) => {
    setProblem(null);
    props.onFinger(request).catch((error: unknown) => {
      setProblem(error instanceof Error ? error.message : String(error));
    });
  };

  return (
    <section class="demo-panel" data-testid="demo-panel">
      <span class="demo-label">{t.demoTitle}</span>
      <div class="demo-fingers">
        {props.fingers.map((finger) => (
          <button
            type="button"
            class="demo-finger"
            key={finger.templateId}
            data-testid="demo-finger"
            data-template-id={finger.templateId}
            onClick={() => place({ templateId: finger.templateId })}
          >
            <FingerprintIcon class="icon-small" />
            <span>{finger.label}</span>
          </button>
        ))}
        <button
          type="button"
          class="demo-finger"
          data-testid="demo-unknown"
          onClick={() => place({ unknown: true })}
        >
          <QuestionIcon class="icon-small" />
          <span>{t.demoUnknown}</span>
        </button>
      </div>
      {problem && (
        <span class="demo-problem" data-testid="demo-problem">
          {problem}
        </span>
      )}
    </section>
  );
}
