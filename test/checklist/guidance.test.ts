// How many talk or visit records guidance asks for, read from the wording the shipped checklists use.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { expectedRecords } from '../../src/checklist/guidance.js';
import { ROOT } from '../helpers/run.js';

describe('expectedRecords', () => {
  it.each([
    ['talk', '与两名业务部门负责人谈话，了解清单在实际工作中是否被用来判断“该不该请示、向谁请示”，并请其举例。', 2],
    ['talk', '与两名班子成员和两至三名中层干部个别谈话，请其说出近期一项党中央政法工作决策部署的主要要求', 4],
    ['talk', '随机抽取至少两名班子成员和三名中层干部个别谈话，请其不看材料说出三项以上须事前请示的事项及请示对象', 5],
    ['talk', '与两个政法单位的分管负责人谈话，了解政法委反馈的问题是否具体', 2],
    ['talk', '随机抽取三名以上一线办案人员个别谈话，请其说明遇到领导干部或内部人员过问案件时如何记录', 3],
    ['talk', '与一至两名委员（政法单位主要负责人）谈话，了解述职后党委政法委提出了哪些意见', 1],
    ['talk', '召开中层干部和一线干警座谈会（不少于八人，不请单位领导陪同），或发放不记名问卷', 1],
    ['talk', '与政法委员本人谈话，请其说明近一个月的主要工作；与乡镇（街道）党（工）委书记谈话', 1],
    ['talk', '与县级法院、检察院、公安局、司法局主要负责人分别个别谈话，能否举出一两件具体事例', 1],
    ['talk', '与十二名干警谈话', 12],
    ['visit', '到两个以上基层单位或服务窗口实地察看，核对汇报中的措施是否在现场存在并正常运转', 2],
    ['visit', '随机走访两个以上村（社区），不由乡镇（街道）干部陪同', 2],
    ['visit', '选取其中一件到具体执行部门或基层单位实地核实执行情况。', 1],
    ['visit', '近三个月内走访', 1],
    ['check', '从公文系统抽查近一年请示件、报告件十件以上', 1],
    ['check', '抽查两至三个问题的整改销号材料', 1],
    ['listen', '听取两个部门的汇报', 1],
    ['talk', undefined, 1],
  ] as const)('%s: %s → %i', (method, guidance, expected) => {
    expect(expectedRecords(method, guidance)).toBe(expected);
  });

  it('every talk and visit guidance of the shipped checklists asks for between 1 and 10 records', () => {
    const dir = join(ROOT, 'checklists');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      const doc = parse(readFileSync(join(dir, file), 'utf8')) as {
        sections: Array<{ items: Array<{ id: string; methods: Record<string, string> }> }>;
      };
      for (const item of doc.sections.flatMap((s) => s.items)) {
        for (const method of ['talk', 'visit'] as const) {
          const n = expectedRecords(method, item.methods[method]);
          expect(n, `${file} ${item.id} ${method}`).toBeGreaterThanOrEqual(1);
          expect(n, `${file} ${item.id} ${method}`).toBeLessThanOrEqual(10);
        }
      }
    }
  });
});
