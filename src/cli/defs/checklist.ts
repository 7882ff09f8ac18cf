// `ducha checklist list|show|import|export|new`: the checklists this user can inspect with, and checklists
// from and to the tables offices keep.
import { argument, command, group, option } from '../define.js';

const checklists = () => import('../commands/checklist.js');
const tables = () => import('../commands/checklist-table.js');
const force = option('--force', 'cli.output.force');

export const checklist = group({
  name: 'checklist',
  description: 'cli.checklist.description',
  examples: ['ducha checklist list', 'ducha checklist show qingshi-baogao --json'],
  commands: [
    command({
      name: 'list',
      description: 'cli.checklist.list.description',
      examples: ['ducha checklist list', 'ducha checklist list --checklists ./my-checklists --json'],
      action: () => checklists().then((m) => m.listChecklists),
    }),
    command({
      name: 'show',
      description: 'cli.checklist.show.description',
      arguments: [argument('<id>', 'cli.checklist.show.id')],
      examples: ['ducha checklist show qingshi-baogao', 'ducha checklist show qingshi-baogao --json'],
      action: () => checklists().then((m) => m.showChecklist),
    }),
    command({
      name: 'import',
      description: 'cli.checklist.import.description',
      arguments: [argument('<file>', 'cli.checklist.import.file')],
      options: [
        option('-o, --output <file>', 'cli.checklist.import.output'),
        option('--mapping <file>', 'cli.checklist.import.mapping'),
        option('--id <id>', 'cli.checklist.import.id'),
        force,
      ],
      examples: [
        'ducha checklist import 请示报告督查清单.xlsx -o checklists/qingshi-baogao.yaml',
        'ducha checklist import 督查清单.docx --id my-checklist',
        'ducha checklist import 清单.xlsx --mapping 列名.yaml -o checklists/my-checklist.yaml',
      ],
      action: () => tables().then((m) => m.checklistImport),
    }),
    command({
      name: 'export',
      description: 'cli.checklist.export.description',
      arguments: [argument('<id>', 'cli.checklist.show.id')],
      options: [option('-o, --output <file>', 'cli.checklist.export.output', { required: true }), force],
      examples: [
        'ducha checklist export qingshi-baogao -o 请示报告督查清单.xlsx',
        'ducha checklist export my-checklist --checklists ./checklists -o 清单.xlsx --force',
      ],
      action: () => tables().then((m) => m.checklistExport),
    }),
    command({
      name: 'new',
      description: 'cli.checklist.new.description',
      arguments: [argument('<id>', 'cli.checklist.new.id')],
      options: [
        option('-o, --output <file>', 'cli.checklist.new.output'),
        option('--title <text>', 'cli.checklist.new.title'),
        force,
      ],
      examples: [
        'ducha checklist new my-checklist',
        'ducha checklist new xiangzhen-zhili --title 乡镇（街道）政法委员履职情况 -o checklists/xiangzhen-zhili.yaml',
      ],
      action: () => tables().then((m) => m.checklistNew),
    }),
  ],
});
