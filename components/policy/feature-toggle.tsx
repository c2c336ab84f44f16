import styles from "./policy.module.css";

interface Props {
  id: string;
  label: string;
  on: boolean;
  onToggle: (on: boolean) => void;
  disabled?: boolean;
}

/** The checkbox that switches a feature on (with defaults) or off (value undefined). */
export function FeatureToggle({ id, label, on, onToggle, disabled }: Props) {
  return (
    <span className={styles.toggle}>
      <input
        id={id}
        data-testid={id}
        type="checkbox"
        checked={on}
        disabled={disabled}
        onChange={(e) => onToggle(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
    </span>
  );
}
