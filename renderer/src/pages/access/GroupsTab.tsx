import { useState } from 'react';
import type { AccessGroup } from '../../../../shared/domain/access';
import { useConsole } from '../../app/ConsoleContext';
import { TextField } from '../../components/TextField';
import { useAccessGroups, useAccessLevels } from '../../data/hooks';
import { CheckList } from './CheckList';
import { EditorPanel, useSaveState } from './EditorPanel';
import { groupForm, groupFromForm } from './accessForms';
import { RecordsTab } from './RecordsTab';
import { namesOf } from './names';

const FORM_ID = 'group-editor';

function GroupEditor({ group, onClose }: { group: AccessGroup | null; onClose(saved: string | null): void }) {
  const { api } = useConsole();
  const levels = useAccessLevels();
  const [form, setForm] = useState(() => groupForm(group));
  const save = useSaveState();
  const options = (levels.value ?? []).map((level) => ({ id: level.id, label: level.name })).sort((a, b) => a.label.localeCompare(b.label));
  return (
    <EditorPanel
      formId={FORM_ID}
      title={group === null ? 'New access group' : `Access group “${group.name}”`}
      errors={save.errors}
      busy={save.busy}
      requestError={save.requestError}
      onDismissError={save.dismissError}
      onClose={() => onClose(null)}
      onSubmit={() => save.submit(groupFromForm(form), (record) => (group === null ? api.createAccessGroup({ record }) : api.saveAccessGroup({ record: { ...record, id: group.id } })), () => onClose(`Access group “${form.name.trim()}” saved.`))}
    >
      <TextField formId={FORM_ID} field="name" label="Name" value={form.name} onChange={(name) => setForm({ ...form, name })} errors={save.errors} maxLength={100} disabled={save.busy} />
      <CheckList
        formId={FORM_ID}
        field="levelIds"
        legend="Access levels"
        options={options}
        selected={form.levelIds}
        errors={save.errors}
        disabled={save.busy}
        emptyText="No access levels yet. Create them in the Access levels tab."
        onChange={(levelIds) => setForm({ ...form, levelIds })}
      />
    </EditorPanel>
  );
}

export function GroupsTab() {
  const { api } = useConsole();
  const groups = useAccessGroups();
  const levels = useAccessLevels();
  const levelNames = namesOf(levels.value);
  return (
    <RecordsTab
      noun="access group"
      kind="access-group"
      records={groups}
      emptyText="No access groups yet."
      columns={[{ label: 'Access levels', cell: (group: AccessGroup) => levelNames(group.levelIds) }]}
      remove={(ids) => api.deleteAccessGroups({ ids })}
      renderEditor={(editing, close) => (
        <GroupEditor
          key={editing.kind === 'edit' ? editing.record.id : 'new'}
          group={editing.kind === 'edit' ? editing.record : null}
          onClose={close}
        />
      )}
    />
  );
}
