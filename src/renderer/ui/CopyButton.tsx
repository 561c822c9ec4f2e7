import { useEffect, useState } from 'react';
import { useT } from '../i18n';

/** Copies a value; its accessible name says what it copies ("Copy SIP server ID"). */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Clipboard refused (insecure origin): select-and-copy fallback.
      const area = document.createElement('textarea');
      area.value = value;
      document.body.appendChild(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
  };
  return (
    <button type="button" className="small" onClick={copy} aria-label={label}>
      {copied ? t('common.copied') : t('common.copy')}
    </button>
  );
}
