// Chinese messages of format 2 (issue 16): signed heads, the schema a database may hold, payload checks on
// import, the crypto suite of a database, verify --against.
export const integrity = {
  'integrity.keyLocked': '本设备的私钥已用口令保护，当前未解锁，无法签名',
  'integrity.keyLocked.hint': '请先解锁后再写入；数据未作任何修改',
  'integrity.schemaRefused': '数据库 {file} 含有 ducha 的迁移不会创建的结构，已拒绝打开：{objects}',
  'integrity.schemaRefused.hint':
    '这些结构（触发器、视图、改动过的表）可能是有人用 sqlite3 等工具加进去的，会在 ducha 写入时执行任意 SQL。文件未作任何修改。请用 ducha verify --db {file} 查看，交技术人员检查后删除这些结构，或从备份恢复',
  'integrity.schema.extra': '多出的{type} {name}（属于 {table}）',
  'integrity.schema.missing': '缺少的{type} {name}（属于 {table}）',
  'integrity.schema.altered': '被改动的{type} {name}（属于 {table}）',
  'integrity.type.table': '表',
  'integrity.type.index': '索引',
  'integrity.type.trigger': '触发器',
  'integrity.type.view': '视图',
  'verify.check.schema': '数据库结构',
  'verify.check.signature': '签名',
  'verify.check.against': '对照',
  'integrity.verify.badSignature':
    '设备 {device} 第 {seq} 号事件处的签名记录头无法用该设备受信任的密钥验证：签名或密钥被改动过',
  'integrity.verify.ownUnsigned':
    '本设备 {device} 从第 {first} 号事件起有 {n} 个事件没有本设备的签名：不是由 ducha 写入的（被他人用其他工具加入或改动过）',
  'integrity.verify.foreignUnsigned':
    '设备 {device} 从第 {first} 号事件起有 {n} 个格式 2 事件没有该设备签名的记录头覆盖：不是通过导入的检查进入数据库的',
  'integrity.verify.headGone':
    '设备 {device} 签名过的第 {seq} 号事件已不在记录链中，或已不是签名时的内容：签名后的历史被截短或改写',
  'integrity.verify.ownLink': '本设备 {device} 的第 {seq} 号事件只有摘要（link），没有事件本身：本设备的记录链必须完整',
  'integrity.unknownFormat': '{file} 是更新版本的 ducha 数据包（{format}），本程序读不了',
  'integrity.unknownFormat.hint': '请升级 ducha 后再导入；未导入任何内容',
  'integrity.wrongSuite': '数据包 {file} 使用{bundle}，本数据库使用{database}：一个督查组只能使用一种密码套件',
  'integrity.wrongSuite.hint':
    '未导入任何内容。密码套件在创建数据库时选定（ducha inspection new --suite gm，或 ducha config set suite gm），此后不能更改；请与组长确认全组使用哪一种',
  'integrity.keyElsewhere': '数据包的签名密钥已作为设备 {other} 的密钥被信任，不能再作为设备 {device} 的密钥',
  'integrity.shape.missing': '缺少',
  'integrity.shape.unknown': '不是本格式的字段',
  'integrity.shape.type': '应为 {expected}',
  'integrity.shape.value': '只能是 {expected} 之一',
  'integrity.shape.pattern': '格式不对',
  'integrity.shape.range': '长度或大小超出范围',
  'integrity.malformed': '数据包 {file} 不合格式：第 {n} 行{what}的 {path} {problem}',
  'integrity.malformed.hint':
    '未导入任何内容，本数据库完好。该数据包不是 ducha 写出的，或写出后被改动过；请让导出人重新导出',
  'integrity.eventWhere': '（设备 {device} 第 {seq} 号事件，{type}）',
  'integrity.linkWhere': '（摘要）',
  'integrity.badLink': '数据包 {file} 中第 {n} 个摘要（link）格式不正确',
  'integrity.badReference': '数据包 {file} 不合格式：{what}的 {path} {why}',
  'integrity.reference.inspection': '所指的督查 {inspection} 在本数据库和该数据包中都不存在',
  'integrity.reference.checklist': '所指的清单 {checklist} 不是督查 {inspection} 采用的清单',
  'integrity.reference.item': '所指的条目 {item} 不在督查 {inspection} 采用的清单 {checklist} 中',
  'integrity.reference.snapshot': '所指的清单快照 {sha}… 不在本数据库和该数据包中，或不是本督查采用的快照',
  'integrity.reference.snapshotMismatch': '说的是清单 {checklist} {version}，快照里却是 {found}',
  'integrity.reference.record': '所指的记录 {record} 不在督查 {inspection} 中',
  'integrity.reference.recordTaken': '新记录的编号 {record} 已被另一条记录使用（记录编号不能重复）',
  'integrity.reference.problem': '所指的问题 {problem} 不在督查 {inspection} 中',
  'integrity.reference.blob': '所指的文件 {sha}…（{size} 字节）不在本数据库和该数据包中',
  'integrity.reference.selfClose':
    '问题 {problem} 的销号由提出销号申请的同一设备 {device} 作出，却没有写明理由的本人销号记录',
  'integrity.headsMismatch': '数据包 {file} 的清单称设备 {device} 最新的事件是第 {seq} 号，但包中该设备的事件与此不符',
  'integrity.headsMissing': '数据包 {file} 的清单没有列出设备 {device} 的最新事件',
  'integrity.untrustedHead.hint':
    '未导入任何内容。数据包中每台设备的事件都必须由该设备自己的密钥签名。请先核对并信任该设备的密钥（ducha team trust），或先导入该设备本人导出的包（加 --trust）',
  'integrity.badHead':
    '数据包 {file} 中设备 {device} 第 {seq} 号事件处的签名无法用该设备受信任的密钥验证：数据包是伪造的或被改动过',
  'integrity.headNotHere': '数据包 {file} 中设备 {device} 签名的第 {seq} 号事件与包中及本数据库中的记录不符',
  'integrity.uncovered':
    '数据包 {file} 中设备 {device} 第 {seq} 号事件没有该设备签名的记录头覆盖（该设备{owner}）：不能证明它出自该设备',
  'integrity.uncoveredGap':
    '数据包 {file} 中设备 {device} 第 {seq} 号事件到其签名记录头（第 {head} 号）之间缺少第 {gap} 号，无法核验',
  'integrity.uncovered.hint':
    '未导入任何内容。由他人转交的事件必须能接到其设备自己签名的记录头上；格式 1 的历史事件只能由其设备本人导出的包导入。请导入该设备本人导出的包',
  'integrity.owner.trusted': '已被信任',
  'integrity.owner.untrusted': '未被信任',
  'integrity.badDeviceId': '设备编号 "{device}" 不合格式（应为 d 加 12 位十六进制数字，如 d0123456789ab）',
  'integrity.keyOtherSuite': '设备 {device} 的密钥属于{key}，本数据库使用{database}：一个督查组只能使用一种密码套件',
  'integrity.keyElsewhereTrust':
    '该密钥已作为设备 {other} 的密钥被信任，不能再以设备 {device} 的名义信任：一个密钥只对应一台设备',
  'config.key.suite':
    '新建数据库使用的密码套件：default（SHA-256、Ed25519）或 gm（国密：SM3、SM2）；只在创建数据库时起作用',
  'config.badSuite': '"{value}" 不是密码套件：只能是 default 或 gm',
  'integrity.suiteFixed': '数据库 {file} 已使用{suite}；密码套件只能在创建数据库时选择，不能更改',
  'integrity.suiteFixed.hint': '去掉 --suite，或用 --db 指定一个新的数据库文件',
  'integrity.badSuiteOption': '"{value}" 不是密码套件：只能是 default 或 gm',
  'cli.option.suite': '新建数据库时使用的密码套件：default（默认）或 gm（国密 SM3/SM2）',
  'integrity.selfCloseDevice':
    '问题 {id} 的销号申请是在本设备（{device}）上提出的，销号须由另一位组员在其设备上用其密钥签名',
  'integrity.untrustedHead': '数据包 {file} 带有设备 {device} 第 {seq} 号事件处的签名记录头，但本数据库不信任该设备',
  'integrity.against.missing': '设备 {device} 第 {seq} 号事件在 {file} 中有，本数据库却没有：已被删除或截短',
  'integrity.against.differs': '设备 {device} 第 {seq} 号事件与 {file} 中的不同：发送或导入之后被改写',
  'integrity.against.headDiffers':
    '设备 {device} 在第 {seq} 号事件处签名的记录头（{file}）与本数据库的记录链不符：签名之后被改写',
  'integrity.against.otherSuite': '{file} 使用另一种密码套件，无法对照',
  'integrity.against.untrusted': '数据包 {file} 由本数据库不信任的设备 {device} 签名，不能用来证明什么',
  'integrity.against.untrusted.hint': '请用该设备本人导出的包，或先核对并信任其密钥',
  'integrity.against.ok': '✔ 与 {file} 对照一致：{events} 个事件、{heads} 个签名记录头',
  'cli.verify.against': '与数据包或另一数据库对照：发出或收到的历史是否仍原样保存在本数据库中',
  'integrity.selfCloseOpinion': '本人销号，理由：{reason}',
};
