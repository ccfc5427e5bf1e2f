import type { KeyboardEvent } from 'react';
import { cardKey, type Card } from '../../../../shared/domain/user';
import { FieldError, invalidProps, type FieldErrors } from '../../components/FieldError';
import { base64ToHex } from '../../lib/hex';

export interface CardsFieldProps {
  formId: string;
  cards: readonly Card[];
  cardHex: string;
  errors: FieldErrors;
  disabled: boolean;
  onCardHex(value: string): void;
  onAdd(): void;
  onRemove(card: Card): void;
}

/** The user's cards by number (hex), with an input to add one and a button to remove each. */
export function CardsField({ formId, cards, cardHex, errors, disabled, onCardHex, onAdd, onRemove }: CardsFieldProps) {
  const inputId = `${formId}-cardHex`;
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // Enter adds the card instead of submitting the whole form.
    if (event.key === 'Enter') {
      event.preventDefault();
      onAdd();
    }
  };
  return (
    <fieldset className="fieldset">
      <legend>Cards</legend>
      {cards.length === 0 ? (
        <p className="field-hint">No cards.</p>
      ) : (
        <ul className="card-list" aria-label="Cards">
          {cards.map((card) => {
            const hex = base64ToHex(card.data) ?? card.data;
            return (
              <li key={cardKey(card)} className="card-item" data-testid="user-card">
                <span className="mono">{hex}</span>
                <button type="button" className="button button-small" onClick={() => onRemove(card)} disabled={disabled} aria-label={`Remove card ${hex}`}>
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="field">
        <label htmlFor={inputId}>Card (hex)</label>
        <div className="inline-input">
          <input
            id={inputId}
            className="mono"
            value={cardHex}
            onChange={(event) => onCardHex(event.target.value)}
            onKeyDown={onKeyDown}
            disabled={disabled}
            maxLength={100}
            placeholder="e.g. 04A1B2C3"
            spellCheck={false}
            autoComplete="off"
            {...invalidProps(formId, 'cards', errors)}
          />
          <button type="button" className="button" onClick={onAdd} disabled={disabled || cardHex.trim() === ''}>
            Add card
          </button>
        </div>
        <FieldError formId={formId} field="cards" errors={errors} />
      </div>
    </fieldset>
  );
}
