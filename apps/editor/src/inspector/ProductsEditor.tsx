import { productSchema, type Flow, type Product } from '@charla/flow-schema'
import {
  ActionIcon,
  Button,
  Group,
  Image,
  Modal,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core'
import { useForm } from '@mantine/form'
import { IconPackage, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { currencyDigits, currencyOptions, formatMoney, toMajor, toMinor } from '../money'
import { useEditor } from '../store/editorStore'
import { freshId, useFieldError } from './fields'

const MAX_PRODUCTS = 500

/** What the form edits: the price in major units as typed; everything else as stored. */
interface ProductValues {
  id: string
  name: string
  price: number | string
  currency: string
  imageUrl: string
  description: string
  sku: string
}

function toValues(p: Product): ProductValues {
  return {
    id: p.id,
    name: p.name,
    price: toMajor(p.priceMinor, p.currency),
    currency: p.currency,
    imageUrl: p.imageUrl ?? '',
    description: p.description ?? '',
    sku: p.sku ?? '',
  }
}

/** NumberInput hands over a string while the text is not a plain number ("", "12.", "1e"). */
function priceOf(v: ProductValues): number {
  if (typeof v.price === 'number') return v.price
  const t = v.price.replace(/,/g, '').trim()
  return t && /^\d*\.?\d*$/.test(t) ? Number(t) : Number.NaN
}

/** The product the values describe (not yet validated). */
function toProduct(v: ProductValues): Record<string, unknown> {
  const price = priceOf(v)
  return {
    id: v.id.trim(),
    name: v.name.trim(),
    priceMinor: toMinor(price, v.currency),
    currency: v.currency,
    ...(v.imageUrl.trim() ? { imageUrl: v.imageUrl.trim() } : {}),
    ...(v.description.trim() ? { description: v.description.trim() } : {}),
    ...(v.sku.trim() ? { sku: v.sku.trim() } : {}),
  }
}

/** The schema's own rules (the single source of truth), plus ids unique within the flow. */
function validate(v: ProductValues, takenIds: readonly string[]): Record<string, string> {
  const errors: Record<string, string> = {}
  // The plain words a marketer needs first; the schema's messages for the rest.
  if (!v.name.trim()) errors.name = 'A product needs a name'
  if (!v.id.trim()) errors.id = 'A product needs an id'
  if (Number.isNaN(priceOf(v))) errors.price = 'Enter a price'
  const parsed = productSchema.safeParse(toProduct(v))
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'id')
      const field = key === 'priceMinor' ? 'price' : key
      errors[field] ??= issue.message
    }
  if (takenIds.includes(v.id.trim())) errors.id ??= 'Another product already has this id'
  return errors
}

/** Renames a product everywhere the flow points at it (catalogs and fixed checkout items). */
function renameProduct(flow: Flow, from: string, to: string): Flow['nodes'] {
  return flow.nodes.map((n) => {
    if (n.type === 'catalog')
      return {
        ...n,
        data: { ...n.data, productIds: n.data.productIds.map((id) => (id === from ? to : id)) },
      }
    if (n.type === 'checkout' && n.data.items)
      return {
        ...n,
        data: {
          ...n.data,
          items: n.data.items.map((it) => (it.productId === from ? { ...it, productId: to } : it)),
        },
      }
    return n
  })
}

function ProductForm({
  initial,
  takenIds,
  locale,
  onSave,
  onCancel,
}: {
  initial: Product
  takenIds: readonly string[]
  locale: string
  onSave: (p: Product) => void
  onCancel: () => void
}) {
  const currencies = useMemo(() => currencyOptions(locale), [locale])
  const form = useForm<ProductValues>({
    mode: 'controlled',
    initialValues: toValues(initial),
    validate: (v) => validate(v, takenIds),
  })
  const v = form.getValues()
  const digits = currencyDigits(v.currency)
  const preview = productSchema.safeParse(toProduct(v))
  return (
    <form
      onSubmit={form.onSubmit((values) => {
        const parsed = productSchema.safeParse(toProduct(values))
        if (parsed.success) onSave(parsed.data)
      })}
      noValidate
    >
      <Stack gap="sm">
        <TextInput
          label="Name"
          description="The card title in Messenger"
          required
          maxLength={80}
          data-autofocus
          {...form.getInputProps('name')}
        />
        <Group grow align="flex-start">
          <NumberInput
            label="Price"
            required
            min={0}
            decimalScale={digits}
            fixedDecimalScale={digits > 0}
            thousandSeparator
            allowNegative={false}
            {...form.getInputProps('price')}
          />
          <Select
            label="Currency"
            required
            searchable
            allowDeselect={false}
            data={currencies}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('currency')}
          />
        </Group>
        <Text size="xs" c="dimmed" aria-live="polite">
          {preview.success
            ? `Shown as ${formatMoney(preview.data.priceMinor, preview.data.currency, locale)} · stored as ${preview.data.priceMinor} minor units`
            : ' '}
        </Text>
        <TextInput
          label="Image URL"
          description="https, shown on the product's card (1.91:1 looks best)"
          placeholder="https://shop.example.com/images/product.jpg"
          {...form.getInputProps('imageUrl')}
        />
        <Textarea
          label="Description"
          description="The card's subtitle"
          autosize
          minRows={2}
          maxLength={500}
          {...form.getInputProps('description')}
        />
        <Group grow align="flex-start">
          <TextInput
            label="Id"
            description="Used by catalogs and checkouts"
            required
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            {...form.getInputProps('id')}
          />
          <TextInput label="SKU" maxLength={64} {...form.getInputProps('sku')} />
        </Group>
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit">Save product</Button>
        </Group>
      </Stack>
    </form>
  )
}

/**
 * The flow's products (`resources.products`): a list of cards with their price as people will
 * see it, edited in a form validated by the flow schema. Renaming an id follows it into the
 * catalogs and checkouts that use the product.
 */
export function ProductsEditor() {
  const flow = useEditor((s) => s.flow)
  const [editing, setEditing] = useState<{ index: number | null; product: Product } | null>(null)
  const listError = useFieldError('resources.products')
  if (!flow) return null
  const products = flow.resources.products ?? []
  const locale = flow.locale ?? 'en-US'
  const st = useEditor.getState()

  const save = (index: number | null, p: Product) => {
    const before = index === null ? undefined : products[index]
    st.change((f) => {
      const list = [...(f.resources.products ?? [])]
      if (index === null) list.push(p)
      else list[index] = p
      const nodes = before && before.id !== p.id ? renameProduct(f, before.id, p.id) : f.nodes
      return { ...f, nodes, resources: { ...f.resources, products: list } }
    })
    setEditing(null)
  }
  const remove = (index: number) => {
    const list = products.filter((_, i) => i !== index)
    const { products: _old, ...rest } = flow.resources
    st.setResources(list.length ? { ...rest, products: list } : rest)
  }
  const add = () => {
    const last = products[products.length - 1]
    setEditing({
      index: null,
      product: {
        id: freshId(
          'product_',
          products.map((p) => p.id),
        ),
        name: '',
        priceMinor: 0,
        currency: last?.currency ?? (locale.startsWith('en-US') ? 'USD' : 'EUR'),
      },
    })
  }

  return (
    <Stack gap={6} aria-label="Products" role="region">
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          Products
        </Text>
        <Text size="xs" c={products.length >= MAX_PRODUCTS ? 'orange' : 'dimmed'}>
          {products.length}/{MAX_PRODUCTS}
        </Text>
      </Group>
      {products.length === 0 ? (
        <Text size="xs" c="dimmed">
          Products are what catalogs show and checkouts sell.
        </Text>
      ) : null}
      {products.map((p, i) => (
        <ProductRow
          key={`${i}:${p.id}`}
          product={p}
          index={i}
          locale={locale}
          onEdit={() => setEditing({ index: i, product: p })}
          onRemove={() => remove(i)}
        />
      ))}
      {listError ? (
        <Text size="xs" c="red">
          {listError}
        </Text>
      ) : null}
      <Button
        variant="light"
        size="xs"
        leftSection={<IconPlus size={14} />}
        onClick={add}
        disabled={products.length >= MAX_PRODUCTS}
      >
        Add product
      </Button>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.index === null ? 'New product' : 'Edit product'}
        centered
        size="md"
      >
        {editing ? (
          <ProductForm
            key={editing.index ?? 'new'}
            initial={editing.product}
            locale={locale}
            takenIds={products.filter((_, i) => i !== editing.index).map((p) => p.id)}
            onSave={(p) => save(editing.index, p)}
            onCancel={() => setEditing(null)}
          />
        ) : null}
      </Modal>
    </Stack>
  )
}

function ProductRow(props: {
  product: Product
  index: number
  locale: string
  onEdit: () => void
  onRemove: () => void
}) {
  const { product: p, index: i } = props
  const errors = [
    useFieldError(`resources.products[${i}].id`),
    useFieldError(`resources.products[${i}].name`),
    useFieldError(`resources.products[${i}].priceMinor`),
    useFieldError(`resources.products[${i}].currency`),
    useFieldError(`resources.products[${i}].imageUrl`),
  ].filter(Boolean)
  return (
    <Paper withBorder p="xs" radius="md" className="ch-list-item" aria-label={`Product ${p.name}`}>
      <Group gap="sm" wrap="nowrap" align="center">
        {p.imageUrl ? (
          <Image src={p.imageUrl} w={44} h={44} radius="sm" fit="cover" alt="" />
        ) : (
          <Paper w={44} h={44} radius="sm" bg="gray.1" style={{ display: 'grid' }}>
            <IconPackage size={20} color="var(--mantine-color-gray-5)" style={{ margin: 'auto' }} />
          </Paper>
        )}
        <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
          <Text size="sm" fw={600} truncate>
            {p.name}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {formatMoney(p.priceMinor, p.currency, props.locale)} · <code>{p.id}</code>
          </Text>
          {errors.map((e) => (
            <Text key={e} size="xs" c="red">
              {e}
            </Text>
          ))}
        </Stack>
        <Tooltip label="Edit">
          <ActionIcon variant="subtle" onClick={props.onEdit} aria-label={`Edit ${p.name}`}>
            <IconPencil size={15} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Remove">
          <ActionIcon
            variant="subtle"
            color="red"
            onClick={props.onRemove}
            aria-label={`Remove ${p.name}`}
          >
            <IconTrash size={15} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Paper>
  )
}
