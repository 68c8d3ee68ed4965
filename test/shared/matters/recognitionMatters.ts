// The matter list the recognition table is written against (as an import would store it).
import type { MatterRef } from '../../../src/shared/matters/recognize'

const matter = (number: string, name: string, client: string, extra: Partial<MatterRef> = {}): MatterRef => ({
  number,
  name,
  aliases: [],
  parties: [],
  domains: [],
  project_id: `${number} ${name}`,
  client_id: client,
  ...extra,
})

export const RECOGNITION_MATTERS: MatterRef[] = [
  matter('2024-0117', 'Smith v Jones', 'smith-holdings', {
    aliases: ['Smith litigation'],
    parties: ['Smith Holdings LLC', 'Jones Manufacturing Inc.'],
    domains: ['smithholdings.com'],
  }),
  matter('2024-0201', 'Acme / Globex merger', 'acme', {
    aliases: ['Project Falcon'],
    parties: ['Acme Corp', 'Globex Corporation'],
    domains: ['acme.com', 'globex.com'],
  }),
  matter('2023-0988', 'Estate of Whitaker', 'whitaker-trust', {
    parties: ['Whitaker Family Trust'],
    domains: ['whitakertrust.org'],
  }),
  matter('2024-0150', 'Delta Logistics v. Harbor Freight Lines', 'delta-logistics', {
    parties: ['Delta Logistics, Inc.', 'Harbor Freight Lines'],
    domains: ['deltalogistics.com'],
  }),
  matter('10045.002', 'Northwind lease renewal', 'northwind', {
    aliases: ['Pier 39 lease'],
    parties: ['Northwind Traders', 'Bayview Properties LLC'],
    domains: ['northwind.example'],
  }),
  matter('10045.003', 'Ramirez v. Northwind Traders', 'northwind', {
    parties: ['Northwind Traders', 'Ramirez'],
    domains: ['northwind.example'],
  }),
  matter('LIT-2024-17', 'Target Corp supply claim', 'target', { parties: ['Target Corporation', 'Oakridge Farms'] }),
  matter('2022-0450', 'In re Summit Holdings', 'summit', { parties: ['Summit'] }),
  matter('2024-0333', 'Contoso patent licensing', 'contoso', {
    aliases: ['Orion'],
    parties: ['Contoso Ltd', 'Fabrikam Inc'],
    domains: ['contoso.com'],
  }),
  matter('ACM-0042', 'Acme trademark portfolio', 'acme', { aliases: ['Roadrunner mark'] }),
]
