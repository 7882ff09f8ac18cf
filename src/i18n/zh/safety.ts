// Chinese messages of issue 12's safety work: dates, the database a command may open or create, ranges of
// numbers, interrupted imports and evidence names.
export const safety = {
  'date.malformed': "日期 \"{date}\" 无法识别",
  'date.hint': "请写成 2026-11-20，也可以写 2026/11/20 或 2026年11月20日",
  'date.noMonth': "日期 \"{date}\" 不存在：没有 {month} 月",
  'date.noDay': "日期 \"{date}\" 不存在：{year}年{month}月只有 {days} 天",
  'date.range': "日期 \"{date}\" 超出可用范围（{min} 至 {max}）",
  'config.tooLong': "太长了：最多 {max} 个字",
  'config.outOfRange': "\"{value}\" 超出范围：应为 {min} 到 {max} 之间的数",
  'config.badStored': "设置文件 {file} 中 {key} 的值无效：{reason}",
  'config.badStored.hint': "用 ducha config set {key} 新值 改正，或 ducha config unset {key} 恢复默认",
  'days.tooMany': "\"{value}\" 天数太大：最多 {max} 天",
  'days.hint': "写成天数或周数，如 7d、2w、30（最多 {max} 天）",
  'config.outOfRangePositive': "\"{value}\" 超出范围：应为大于 0、不超过 {max} 的数",
  'config.example': "例如：ducha config set {key} {example}",
} as const;
