// `npm run docs:pages`: page images of every document kind, as a person would see them printed. Builds a
// realistic sample (five inspections, records by 听查谈访, conclusions, problems, rectification steps, a
// second round at one unit) in a temporary database through the real CLI, renders feedback, notice,
// ledger (.docx and .xlsx, A3), progress circular, 回头看 comparison and summary (.docx and .xlsx), and
// converts them with LibreOffice and pdftoppm into PNGs under docs/pages/. Not part of `npm test`.
//
// Needs (Debian/Ubuntu, ≈ 200 MB):
//   apt-get install -y --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils
// The official fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体, 宋体) do not exist on Linux. This
// script gives LibreOffice a fontconfig file of its own (FONTCONFIG_FILE, nothing installed system-wide)
// that includes the system's and aliases 方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 宋体 → Noto Serif CJK SC and
// 黑体 → Noto Sans CJK SC, so the pages keep the documents' metrics (one full-width character per em).
// Options: --resolution N (pixels per inch, default 70), --pages N (pages per document, default 2).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: { resolution: { type: 'string', default: '70' }, pages: { type: 'string', default: '2' } },
});
const OUT = join(root, 'docs', 'pages');

for (const tool of ['soffice', 'pdftoppm']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    console.error(
      `docs:pages needs ${tool}. On Debian/Ubuntu:\n  apt-get install -y --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils`,
    );
    process.exit(1);
  }
}

const work = mkdtempSync(join(tmpdir(), 'ducha-pages-'));
try {
  const env = {
    ...process.env,
    DUCHA_DB: join(work, 'sample.db'),
    DUCHA_DATA_DIR: join(work, 'data'),
    DUCHA_ACTOR: '张三',
    DUCHA_LANG: 'zh',
    NO_COLOR: '1',
  };
  /** ducha on a database of its own: the sample's, or a colleague's laptop (`more` changes the environment). */
  const runner =
    (more = {}) =>
    (...args) =>
      execFileSync(process.execPath, [join(root, 'bin', 'ducha.js'), ...args], {
        env: { ...env, ...more },
        cwd: work,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }).trim();
  const ducha = runner();
  const file = (name, text) => {
    writeFileSync(join(work, name), text);
    return join(work, name);
  };

  // A colleague's laptop: a closure is signed on another member's device (four eyes by device key), so the
  // request travels there in a bundle and the closure comes back in one, as in a team's work.
  const colleague = (actor, ...args) => runner({ DUCHA_DB: join(work, `${actor}.db`), DUCHA_ACTOR: actor })(...args);
  const trusted = new Set();
  let sent = 0;
  const closeElsewhere = (inspectionId, problemId, actor, note) => {
    if (!trusted.has(actor)) {
      colleague(actor, 'team', 'trust', ducha('team', 'key'), '--name', '张三');
      ducha('team', 'trust', colleague(actor, 'team', 'key'), '--name', actor);
      trusted.add(actor);
    }
    const there = join(work, `to-${actor}-${++sent}.ducha`);
    const back = join(work, `from-${actor}-${sent}.ducha`);
    ducha('export', inspectionId, '-o', there);
    colleague(actor, 'import', there);
    colleague(actor, 'close', problemId, '--note', note);
    colleague(actor, 'export', inspectionId, '-o', back);
    ducha('import', back);
  };
  const sample = buildSample(ducha, file, closeElsewhere);
  const docs = join(work, 'docs');
  mkdirSync(docs);
  const out = (name) => join(docs, name);
  const header = ['--office', '某市委政法委督查组', '--marking', '内部资料 注意保存'];
  ducha(
    'report',
    sample.main,
    '--kind',
    'feedback',
    '--date',
    '2026-11-27',
    '--doc-number',
    '某政法督〔2026〕12号',
    ...header,
    '-o',
    out('feedback.docx'),
  );
  ducha(
    'report',
    sample.main,
    '--kind',
    'notice',
    '--date',
    '2026-11-27',
    '--doc-number',
    '某政法督〔2026〕13号',
    ...header,
    '-o',
    out('notice.docx'),
  );
  ducha(
    'report',
    sample.main,
    '--kind',
    'ledger',
    '--date',
    '2027-01-20',
    '--office',
    '某市委政法委督查组',
    '-o',
    out('ledger.docx'),
  );
  ducha(
    'report',
    sample.main,
    '--kind',
    'ledger',
    '--date',
    '2027-01-20',
    '--office',
    '某市委政法委督查组',
    '-o',
    out('ledger.xlsx'),
  );
  ducha(
    'report',
    sample.main,
    '--kind',
    'progress',
    '--date',
    '2027-01-20',
    '--systems',
    '3',
    '--doc-number',
    '某政法督〔2027〕2号',
    ...header,
    '-o',
    out('progress.docx'),
  );
  ducha(
    'compare',
    sample.main,
    sample.second,
    '--date',
    '2027-03-20',
    '--office',
    '某市委政法委督查组',
    '-o',
    out('compare.docx'),
  );
  ducha('summary', '--date', '2027-03-31', '--office', '某市委政法委督查组', '-o', out('summary.docx'));
  ducha('summary', '--date', '2027-03-31', '--office', '某市委政法委督查组', '-o', out('summary.xlsx'));

  const fonts = file(
    'fonts.conf',
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n` +
      [
        ['方正小标宋简体', 'Noto Serif CJK SC'],
        ['仿宋_GB2312', 'Noto Serif CJK SC'],
        ['楷体_GB2312', 'Noto Serif CJK SC'],
        ['宋体', 'Noto Serif CJK SC'],
        ['黑体', 'Noto Sans CJK SC'],
      ]
        .map(
          ([from, to]) =>
            `  <alias binding="same"><family>${from}</family><prefer><family>${to}</family></prefer></alias>\n`,
        )
        .join('') +
      '</fontconfig>\n',
  );
  const pdf = join(work, 'pdf');
  // One conversion per kind of file: ledger.docx and ledger.xlsx would both become ledger.pdf.
  for (const ext of ['docx', 'xlsx']) {
    const documents = readdirSync(docs)
      .filter((f) => f.endsWith(`.${ext}`))
      .map((f) => join(docs, f));
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${join(work, 'lo-profile')}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        join(pdf, ext),
        ...documents,
      ],
      {
        env: { ...process.env, FONTCONFIG_FILE: fonts },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  }

  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const ext of ['docx', 'xlsx']) {
    for (const name of readdirSync(join(pdf, ext)).sort()) {
      const base = name.replace(/\.pdf$/, '') + (ext === 'xlsx' ? '-xlsx' : '');
      execFileSync('pdftoppm', [
        '-r',
        values.resolution,
        '-png',
        '-f',
        '1',
        '-l',
        values.pages,
        join(pdf, ext, name),
        join(OUT, base),
      ]);
    }
  }
  console.log(
    readdirSync(OUT)
      .sort()
      .map((f) => `docs/pages/${f}`)
      .join('\n'),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Five inspections through the CLI, as a team would record them. Returns the ids the documents use. */
function buildSample(ducha, file, closeElsewhere) {
  const photo = file('请示报告登记簿.jpg', 'jpeg');
  const notice = file('印发通知.pdf', 'pdf');
  const inspection = (unit, kind, region, start, checklists, team = '张三,李四,王五') =>
    ducha(
      'inspection',
      'new',
      '--unit',
      unit,
      '--unit-kind',
      kind,
      '--region',
      region,
      '--start',
      start,
      '--team',
      team,
      ...checklists.flatMap((c) => ['--checklist', c]),
    );
  const record = (id, item, method, note, subject, extra = []) =>
    ducha('record', id, item, '--method', method, '--note', note, '--subject', subject, ...extra);
  const conclude = (id, item, result, note, extra = []) =>
    ducha('conclude', id, item, '--result', result, '--note', note, ...extra);
  const problems = (id) => JSON.parse(ducha('problem', 'list', id, '--json')).data.problems;

  // The main inspection: a county political-legal committee.
  const main = inspection('某县委政法委', 'plac', '某省某市某县', '2026-11-16', [
    'qingshi-baogao',
    'zhengfa-weiyuan',
    'juece-bushu',
  ]);
  record(main, 'QS-01', 'listen', '听取县委政法委关于请示报告工作的专题汇报', '县委政法委常务副书记');
  record(main, 'QS-01', 'check', '2026年登记请示12件、报告20件，事项清单已印发', '请示报告登记簿', [
    '--evidence',
    photo,
  ]);
  record(main, 'QS-01', 'talk', '熟悉事项清单内容，能说出主要请示事项', '办公室主任', ['--interviewee', '王某某']);
  conclude(main, 'QS-01', 'compliant', '制定请示报告事项清单，明确24类事项，按季度对照清单检查', ['--good-practice']);
  record(main, 'QS-02', 'check', '抽查请示10件，3件一文多事', '2026年请示文件');
  record(main, 'QS-02', 'talk', '时间紧时合并请示', '经办人员', ['--interviewee', '赵建国']);
  conclude(main, 'QS-02', 'noncompliant', '部分请示一文多事，时间紧时将多个事项合并请示');
  record(main, 'QS-05', 'check', '2026年3月一项重大事项未见事前请示', '党委会议纪要');
  record(main, 'QS-05', 'talk', '承认存在先办后报', '分管副书记');
  conclude(main, 'QS-05', 'partial', '个别重大事项未事前请示，存在"先办后报"');
  record(main, 'QS-10', 'check', '下级请示平均答复用时25个工作日，个别超过2个月', '请示答复登记');
  record(main, 'QS-10', 'talk', '反映请示答复需多头会签，用时较长', '某乡镇党委副书记');
  conclude(main, 'QS-10', 'partial', '对下级请示答复不够及时，个别请示超过2个月未答复');
  record(main, 'WY-01', 'check', '全县12个乡镇均已配备政法委员', '政法委员名册');
  record(main, 'WY-01', 'visit', '某镇政法委员由党委副书记兼任，在综治中心办公', '某镇综治中心');
  conclude(main, 'WY-01', 'compliant', '已配齐');
  record(main, 'WY-05', 'check', '查阅12个乡镇政法委员职责文件，3个乡镇未制定', '政法委员职责文件');
  record(main, 'WY-05', 'talk', '政法委员表示职责主要凭口头安排', '某乡政法委员');
  record(main, 'WY-05', 'visit', '3个乡镇政法委员无书面职责清单', '某镇、某乡、某街道');
  conclude(main, 'WY-05', 'noncompliant', '部分乡镇政法委员没有书面职责清单，职责边界不清');
  record(main, 'JC-02', 'check', '2026年县委常委会研究政法工作2次', '县委常委会会议纪要');
  record(main, 'JC-02', 'listen', '听取县委办关于研究政法工作情况的汇报', '县委办副主任');
  record(main, 'JC-02', 'talk', '反映政法工作议题多为听取汇报，专题研究较少', '县委常委');
  conclude(main, 'JC-02', 'partial', '县委常委会研究政法工作次数偏少，对政法工作重大问题研究不够深入');
  ducha('problem', 'propose', main);
  const list = problems(main);
  const byItem = (item) => list.find((p) => p.items.some((i) => i.itemId === item)).id;
  ducha(
    'problem',
    'edit',
    byItem('QS-02'),
    '--unit',
    '县委政法委办公室',
    '--leader',
    '李某',
    '--person',
    '王某',
    '--deadline',
    '2027-01-31',
    '--measures',
    '修订请示报告工作规程，严格一文一事，建立请示文件审核把关机制',
  );
  ducha(
    'problem',
    'edit',
    byItem('QS-05'),
    '--unit',
    '县委政法委',
    '--leader',
    '刘某',
    '--person',
    '陈某',
    '--deadline',
    '2027-02-28',
    '--measures',
    '对未事前请示事项逐项说明情况，完善重大事项事前请示清单',
  );
  ducha(
    'problem',
    'edit',
    byItem('QS-10'),
    '--unit',
    '县委政法委办公室',
    '--leader',
    '李某',
    '--person',
    '孙某',
    '--deadline',
    '2027-01-15',
    '--type',
    'immediate',
  );
  ducha(
    'problem',
    'edit',
    byItem('WY-05'),
    '--unit',
    '县委政法委综治室',
    '--leader',
    '周某',
    '--person',
    '吴某',
    '--deadline',
    '2027-03-31',
    '--type',
    'ongoing',
    '--measures',
    '为全县乡镇政法委员制定书面职责清单，纳入年度考核',
  );
  ducha(
    'problem',
    'edit',
    byItem('JC-02'),
    '--unit',
    '县委办公室',
    '--leader',
    '郑某',
    '--person',
    '冯某',
    '--deadline',
    '2027-03-31',
  );
  ducha(
    'rectify',
    byItem('QS-02'),
    '--status',
    'rectifying',
    '--note',
    '已修订请示报告工作规程，待县委政法委委员会议审议',
  );
  ducha(
    'rectify',
    byItem('QS-10'),
    '--status',
    'closure-requested',
    '--note',
    '已建立请示答复时限台账，积压请示全部办结',
    '--evidence',
    notice,
  );
  closeElsewhere(main, byItem('QS-10'), '李四', '经核实整改到位，同意销号');
  ducha('rectify', byItem('WY-05'), '--status', 'rectifying', '--note', '已为8个乡镇制定职责清单，其余4个正在制定');
  ducha(
    'rectify',
    byItem('QS-05'),
    '--status',
    'closure-requested',
    '--note',
    '已逐项说明情况并修订事前请示清单',
    '--evidence',
    notice,
  );

  // The second round at the same unit (回头看).
  const second = inspection(
    '某县委政法委',
    'plac',
    '某省某市某县',
    '2027-03-10',
    ['qingshi-baogao', 'zhengfa-weiyuan', 'juece-bushu'],
    '张三,赵六',
  );
  record(second, 'QS-02', 'check', '抽查请示8件，均一文一事', '2027年请示文件');
  record(second, 'QS-02', 'talk', '已按新规程办理请示', '经办人员');
  conclude(second, 'QS-02', 'compliant', '整改到位');
  record(second, 'QS-10', 'check', '仍有1件请示超过1个月未答复', '请示答复登记');
  record(second, 'QS-10', 'talk', '答复时限台账已建立，个别请示仍拖延', '办公室主任');
  conclude(second, 'QS-10', 'partial', '对下级请示答复仍不够及时');
  record(second, 'WY-05', 'check', '10个乡镇已制定职责清单', '政法委员职责文件');
  record(second, 'WY-05', 'talk', '2个乡镇称清单正在制定', '某乡政法委员');
  record(second, 'WY-05', 'visit', '2个乡镇仍无书面职责清单', '某乡、某街道');
  conclude(second, 'WY-05', 'noncompliant', '仍有乡镇政法委员没有书面职责清单');
  record(second, 'WY-07', 'visit', '走访3个村，群众不知道政法委员是谁', '某村、某社区');
  record(second, 'WY-07', 'talk', '村干部知道政法委员，群众多不知道', '某村党支部书记');
  conclude(second, 'WY-07', 'noncompliant', '村（社区）群众对政法委员知晓率低');
  ducha('problem', 'propose', second);

  // Three more units for the summary.
  const more = [
    [
      '某区人民法院',
      'court',
      '某省某市某区',
      '2026-10-12',
      ['qingshi-baogao'],
      [
        ['QS-02', 'partial', '请示行文不够规范'],
        ['QS-10', 'noncompliant', '对下级请示答复不及时'],
      ],
    ],
    [
      '某镇党委',
      'township',
      '某省某市某县',
      '2026-10-20',
      ['zhengfa-weiyuan'],
      [
        ['WY-05', 'noncompliant', '政法委员无书面职责清单'],
        ['WY-07', 'partial', '群众对政法委员知晓率不高'],
      ],
    ],
    [
      '某县公安局',
      'public-security',
      '某省某市某县',
      '2026-09-08',
      ['qingshi-baogao'],
      [
        ['QS-02', 'noncompliant', '请示一文多事'],
        ['QS-05', 'partial', '个别事项事后报告'],
      ],
    ],
  ];
  for (const [unit, kind, region, start, lists, findings] of more) {
    const id = inspection(unit, kind, region, start, lists, '李四,王五');
    for (const [item, result, note] of findings) {
      record(id, item, 'check', note, '有关文件资料');
      record(id, item, 'talk', note, '有关工作人员');
      record(id, item, 'visit', note, '有关基层单位');
      conclude(id, item, result, note);
    }
    ducha('problem', 'propose', id);
    const first = problems(id)[0].id;
    ducha('rectify', first, '--status', 'closure-requested', '--note', '已整改', '--evidence', notice);
    closeElsewhere(id, first, '王五', '经核实整改到位');
  }
  return { main, second };
}
