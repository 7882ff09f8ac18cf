// Registers the corrections and their history (DESIGN §8): `record amend|withdraw`, `conclusion
// amend|withdraw`, `inspection history`, and `inspection set --feedback-date`.
import type { Command } from 'commander';
import { t } from '../i18n/index.js';
import type { Context } from './context.js';
import { act, examples, lazy } from './program.js';

export function registerCorrections(ctx: Context, program: Command): void {
  const commands = () => import('./commands/corrections.js');
  const sub = (name: string) => program.commands.find((c) => c.name() === name)!;

  const record = sub('record');
  examples(
    act(
      ctx,
      record
        .command('amend')
        .description(t('cli.recordAmend.description'))
        .argument('<record>', t('cli.arg.record'))
        .requiredOption('--reason <text>', t('cli.corrections.reason'))
        .option('--method <method>', t('cli.record.method'))
        .option('--note <text>', t('cli.record.note'))
        .option('--subject <text>', t('cli.record.subject'))
        .option('--interviewee <name>', t('cli.record.interviewee')),
      lazy(commands, 'recordAmend'),
    ),
    ['ducha record amend 1m8s1w5e81yc --method talk --reason "录入时把谈话误选为听取汇报"', 'ducha record amend 1m8s1w5e81yc --note "抽查 5 件，1 件一文多事" --reason "笔误"'],
  );
  examples(
    act(ctx, record.command('withdraw').description(t('cli.recordWithdraw.description')).argument('<record>', t('cli.arg.record')).requiredOption('--reason <text>', t('cli.corrections.reason')), lazy(commands, 'recordWithdraw')),
    ['ducha record withdraw 1m8s1w5e81yc --reason "重复录入"'],
  );

  const conclusion = program.command('conclusion').description(t('cli.conclusion.description'));
  examples(conclusion, ['ducha conclusion amend 7k3m9q QS-02 --result partial --reason "补充谈话后认定为基本符合"', 'ducha conclusion withdraw 7k3m9q QS-02 --reason "结论下早了，待补查"']);
  examples(
    act(
      ctx,
      conclusion
        .command('amend')
        .description(t('cli.conclusionAmend.description'))
        .argument('<inspection>', t('cli.arg.inspection'))
        .argument('<item>', t('cli.arg.item'))
        .requiredOption('--reason <text>', t('cli.corrections.reason'))
        .option('--result <result>', t('cli.conclude.result'))
        .option('--note <text>', t('cli.conclude.note'))
        .option('--good-practice', t('cli.conclude.goodPractice'))
        .option('--no-good-practice', t('cli.conclusionAmend.noGoodPractice')),
      lazy(commands, 'conclusionAmend'),
    ),
    ['ducha conclusion amend 7k3m9q QS-02 --result partial --note "……" --reason "补充谈话后认定为基本符合"', 'ducha conclusion amend 7k3m9q QS-01 --no-good-practice --reason "经验不具推广价值"'],
  );
  examples(
    act(
      ctx,
      conclusion
        .command('withdraw')
        .description(t('cli.conclusionWithdraw.description'))
        .argument('<inspection>', t('cli.arg.inspection'))
        .argument('<item>', t('cli.arg.item'))
        .requiredOption('--reason <text>', t('cli.corrections.reason')),
      lazy(commands, 'conclusionWithdraw'),
    ),
    ['ducha conclusion withdraw 7k3m9q QS-02 --reason "结论下早了，待补查"'],
  );

  const inspection = sub('inspection');
  examples(
    act(
      ctx,
      inspection
        .command('history')
        .description(t('cli.inspectionHistory.description'))
        .argument('[inspection]', t('cli.arg.inspection'))
        .argument('[item]', t('cli.arg.item'))
        .option('--reveal-identities', t('cli.report.reveal')),
      lazy(commands, 'inspectionHistory'),
    ),
    ['ducha inspection history 7k3m9q', 'ducha inspection history 7k3m9q QS-02', 'ducha inspection history 7k3m9q --json'],
  );
  examples(
    act(
      ctx,
      inspection
        .command('set')
        .description(t('cli.inspectionSet.description'))
        .argument('<inspection>', t('cli.arg.inspection'))
        .option('--feedback-date <date>', t('cli.inspectionSet.feedbackDate'))
        .option('--rectify-days <n>', t('cli.inspectionSet.rectifyDays')),
      lazy(commands, 'inspectionSet'),
    ),
    ['ducha inspection set 7k3m9q --feedback-date 2026-11-28', 'ducha inspection set 7k3m9q --feedback-date 2026-11-28 --rectify-days 90'],
  );
}
