// Chinese messages of confidentiality: refused interviewee names, names redaction could not match, evidence
// paths outside a records file's folder, and the flags that relax them.
export const privacy = {
  'privacy.interviewee.single':
    '谈话对象姓名「{name}」只有一个字：在文中遮盖它会把所有同一个字都换成「某某」，不遮盖又会泄露此人',
  'privacy.interviewee.role': '「{name}」是职务或称谓，不是姓名：把它当作姓名遮盖会把文中所有「{name}」都换成「某某」',
  'privacy.interviewee.hint':
    '请写全名（如 王某某）；不写姓名时留空，把职务身份写在谈话对象身份中（--subject，如 办公室主任）',
  'privacy.interviewee.runHint': '{message}。请写全名；不写姓名就留空（职务身份写在上一问中）',
  'privacy.skipped':
    '有 {n} 条记录的谈话对象姓名只有一个字或是职务称谓（{where}），无法在文中可靠遮盖，这些姓名未作遮盖：请核对输出中是否写有这些人的姓名',
  'privacy.skipped.where': '督查 {inspection} 条目 {item}',
  'privacy.skipped.more': ' 等',
  'cli.review.reveal': '在输出中显示谈话对象姓名（默认在全部文字中替换为“某某”）',
  'cli.importRecords.allowOutside': '允许证据路径指向记录文件所在文件夹之外（绝对路径、.. 或指向外部的链接）',
  'import.outside':
    '证据路径 {path} 不在记录文件所在的文件夹 {dir} 之内，未导入：请把证据文件放进该文件夹并写相对路径；确需引用其他位置的文件时加 --allow-outside-evidence',
  'import.evidenceAbout': '将存入 {files} 个证据文件，共 {mb} MB（内容相同的文件只存一份）',
} as const;
