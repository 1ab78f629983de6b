import { ActionIcon, Badge, Button, Group, Menu, Paper, SegmentedControl, Stack, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconPlus } from '../../../../components/icons.tsx';
import { errorsUnder, useBuilder } from './builder-context.ts';
import { ConditionEditor } from './ConditionEditor.tsx';
import {
  conditionKey,
  groupOp,
  isGroup,
  isNot,
  type Node,
  type Path,
  pathKey,
  TEMPLATE_KEYS,
  TEMPLATES,
  type TemplateKey,
} from './rule-model.ts';

interface Props {
  node: Node;
  path: Path;
  onChange: (n: Node) => void;
  /** Absent for the root group. */
  onRemove?: () => void;
  negated?: boolean;
  onToggleNot?: () => void;
}

/** Which entry of the "add condition" menu a condition reads as (its label). */
function labelKey(n: Node): TemplateKey {
  const k = conditionKey(n);
  if (k === 'event') {
    const c = n.count as Record<string, unknown> | undefined;
    return c && c.eq === 0 && Object.keys(c).length === 1 ? 'didNot' : 'event';
  }
  if (k === 'crm') return n.crm === 'lifecycleStage' ? 'lifecycle' : n.crm === 'ownerId' ? 'owner' : 'crm';
  return k ?? 'trait';
}

const testIdOf = (path: Path) => `cond-${path.filter((p) => typeof p === 'number').join('-') || 'root'}`;

/** One node of the rule: a group (all / any, with its children), a negation, or a condition. */
export function RuleNode({ node, path, onChange, onRemove, negated, onToggleNot }: Props) {
  if (isNot(node)) {
    const inner = node.not as Node;
    return (
      <RuleNode
        node={inner}
        path={[...path, 'not']}
        onChange={(x) => onChange({ not: x })}
        onRemove={onRemove}
        negated
        onToggleNot={() => onChange(inner)}
      />
    );
  }
  const toggle = onToggleNot ?? (() => onChange({ not: node }));
  if (isGroup(node))
    return (
      <Group_ node={node} path={path} onChange={onChange} onRemove={onRemove} negated={negated} onToggleNot={toggle} />
    );
  return (
    <Condition node={node} path={path} onChange={onChange} onRemove={onRemove} negated={negated} onToggleNot={toggle} />
  );
}

function NotToggle({ negated, onToggle, testId }: { negated?: boolean; onToggle: () => void; testId: string }) {
  const { t } = useTranslation();
  const b = useBuilder();
  return (
    <Tooltip label={t('segmentation.builder.negateHint')} withinPortal>
      <Button
        size="compact-xs"
        variant={negated ? 'filled' : 'default'}
        color={negated ? 'red' : 'gray'}
        disabled={b.readOnly}
        onClick={onToggle}
        aria-pressed={!!negated}
        data-testid={`${testId}-not`}
      >
        {t('segmentation.builder.not')}
      </Button>
    </Tooltip>
  );
}

function RemoveButton({ onRemove, testId }: { onRemove: () => void; testId: string }) {
  const { t } = useTranslation();
  const b = useBuilder();
  if (b.readOnly) return null;
  return (
    <ActionIcon
      variant="subtle"
      color="gray"
      aria-label={t('segmentation.builder.remove')}
      onClick={onRemove}
      data-testid={`${testId}-remove`}
    >
      ×
    </ActionIcon>
  );
}

function Messages({ path }: { path: Path }) {
  const b = useBuilder();
  const found = errorsUnder(b.errors, pathKey(path));
  if (!found.length) return null;
  return (
    <Stack gap={2} data-testid={`${testIdOf(path)}-errors`}>
      {found.map(([k, m]) => (
        <Text key={k} size="xs" c="red">
          {m}
        </Text>
      ))}
    </Stack>
  );
}

function Condition({ node, path, onChange, onRemove, negated, onToggleNot }: Props & { onToggleNot: () => void }) {
  const { t } = useTranslation();
  const b = useBuilder();
  const kind = conditionKey(node);
  const testId = testIdOf(path);
  return (
    <Paper withBorder p="sm" radius="sm" data-testid={testId} data-kind={kind ?? 'unknown'}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs">
            {negated && (
              <Badge color="red" variant="light">
                {t('segmentation.builder.not')}
              </Badge>
            )}
            <Text size="sm" fw={600}>
              {t(`segmentation.conditions.${labelKey(node)}`)}
            </Text>
          </Group>
          <Group gap={4} wrap="nowrap">
            <NotToggle negated={negated} onToggle={onToggleNot} testId={testId} />
            {onRemove && <RemoveButton onRemove={onRemove} testId={testId} />}
          </Group>
        </Group>
        {kind ? (
          <fieldset disabled={b.readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <ConditionEditor kind={kind} node={node} path={path} onChange={onChange} testId={testId} />
          </fieldset>
        ) : (
          <Text size="sm" c="dimmed">
            {t('segmentation.builder.unknownCondition')}
          </Text>
        )}
        <Messages path={path} />
      </Stack>
    </Paper>
  );
}

function Group_({ node, path, onChange, onRemove, negated, onToggleNot }: Props & { onToggleNot: () => void }) {
  const { t } = useTranslation();
  const b = useBuilder();
  const op = groupOp(node);
  const items = ((node as Record<string, unknown>)[op] as Node[]) ?? [];
  const testId = path.length === 0 ? 'rule-root' : `group-${testIdOf(path).slice(5)}`;
  const setItems = (list: Node[]) => onChange({ [op]: list });
  const add = (n: Node) => setItems([...items, n]);
  const own = b.errors[pathKey(path)] ?? b.errors[pathKey([...path, op])];
  return (
    <Paper
      withBorder
      p="sm"
      radius="sm"
      bg={path.length === 0 ? undefined : 'var(--mantine-color-gray-light)'}
      data-testid={testId}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            {negated && (
              <Badge color="red" variant="light">
                {t('segmentation.builder.not')}
              </Badge>
            )}
            <Text size="sm">{t('segmentation.builder.match')}</Text>
            <SegmentedControl
              size="xs"
              value={op}
              disabled={b.readOnly}
              onChange={(v) => onChange({ [v]: items })}
              data={[
                { value: 'all', label: t('segmentation.builder.all') },
                { value: 'any', label: t('segmentation.builder.any') },
              ]}
              data-testid={`${testId}-op`}
            />
          </Group>
          <Group gap={4} wrap="nowrap">
            {path.length > 0 && <NotToggle negated={negated} onToggle={onToggleNot} testId={testId} />}
            {onRemove && <RemoveButton onRemove={onRemove} testId={testId} />}
          </Group>
        </Group>
        {items.length === 0 && (
          <Text size="sm" c="dimmed" data-testid={`${testId}-empty`}>
            {path.length === 0 ? t('segmentation.builder.emptyRoot') : t('segmentation.builder.emptyGroup')}
          </Text>
        )}
        {items.map((child, i) => (
          <RuleNode
            // biome-ignore lint/suspicious/noArrayIndexKey: a rule's entries have no identity but their place
            key={i}
            node={child}
            path={[...path, op, i]}
            onChange={(x) => setItems(items.map((y, j) => (j === i ? x : y)))}
            onRemove={() => setItems(items.filter((_, j) => j !== i))}
          />
        ))}
        {own && (
          <Text size="xs" c="red">
            {own}
          </Text>
        )}
        {!b.readOnly && (
          <Group gap="xs">
            <Menu position="bottom-start" withinPortal>
              <Menu.Target>
                <Button
                  size="compact-sm"
                  variant="light"
                  leftSection={<IconPlus size={14} />}
                  data-testid={`${testId}-add`}
                >
                  {t('segmentation.builder.addCondition')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {TEMPLATE_KEYS.map((k) => (
                  <Menu.Item key={k} onClick={() => add(TEMPLATES[k]())} data-testid={`add-${k}`}>
                    {t(`segmentation.conditions.${k}`)}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
            <Button
              size="compact-sm"
              variant="subtle"
              leftSection={<IconPlus size={14} />}
              onClick={() => add({ any: [] })}
              data-testid={`${testId}-add-group`}
            >
              {t('segmentation.builder.addGroup')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
