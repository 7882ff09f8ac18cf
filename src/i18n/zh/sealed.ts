// Encrypted bundles (export --to, import of an encrypted bundle, encryption keys): the Chinese messages.
export const sealed = {
  'cli.export.to':
    '加密给这些设备（可多个）：组长等已信任设备的名称或编号、ducha team key 输出的一行，或存有该行的文件',
  'sealed.badHeader': '{file} 的加密信封头格式不对：文件已损坏或不是 ducha 生成的',
  'sealed.cannotRead': '{file} 是加密数据包，这里无法读取',
  'sealed.cannotRead.hint':
    '加密数据包只能由收件设备用 ducha import 导入（中心库不持有任何设备的私钥）；请让导出人不加 --to 另导出一份交给中心库，或由收件人导入后再推送',
  'sealed.notForYou':
    '数据包 {file} 已加密，只能由以下设备导入：{recipients}；本设备（{device}）不在其中。未写入任何内容',
  'sealed.notForYou.hint':
    '请导出人用 --to 加上本设备重新导出（把本设备 ducha team key 输出的一行交给导出人，由其 ducha team trust 后即可用名称指定）',
  'sealed.recipientNamed': '{name}（{device}）',
  'sealed.envelopeMismatch': '数据包 {file} 的加密信封所写的导出设备与数据包内的签名设备不符：数据包被改动过',
  'sealed.badBinding': '设备 {device} 的加密公钥没有该设备签名密钥的有效签名',
  'sealed.badBinding.hint': '这一行可能被改动或拼接过；请对方重新运行 ducha team key，当面或电话核对指纹后再用',
  'sealed.ambiguous': '“{arg}”对应多台已信任设备：{devices}',
  'sealed.ambiguous.hint': '请改用设备编号（见 ducha team list）',
  'sealed.noEncryptionKey': '还不知道 {who} 的加密公钥',
  'sealed.noEncryptionKey.hint':
    '请 {who} 运行 ducha team key，把输出的一行交给你，再运行 ducha team trust <该行或文件> --name {who}（已信任的设备会补记加密公钥）；也可以直接把这一行写在 --to 后',
  'sealed.unknownRecipient': '“{arg}”既不是已信任设备的名称或编号，也不是密钥行或文件',
  'sealed.unknownRecipient.hint':
    'ducha team list 列出已信任的设备；也可以给出 ducha team key 输出的一行或存有该行的文件',
  'sealed.lineWithoutKey': '设备 {arg} 的密钥行中没有加密公钥',
  'sealed.lineWithoutKey.hint': '请对方用本版本运行 ducha team key，把新输出的一行（包含加密公钥）交给你',
  'sealed.unencrypted':
    '注意：数据包未加密，拿到文件的人都能读出其中的访谈记录、被访谈人姓名和证据。加密导出：ducha export … --to 组长（只有组长的设备能导入）',
  'sealed.exportedTo': '已加密给：{recipients}（只有这些设备能导入）',
  'sealed.recipientLine': '{name}（设备 {device}，指纹 {fingerprint}）',
  'sealed.unnamed': '未命名设备',
  'sealed.separator': '、',
  'team.col.encryption': '加密公钥',
  'sealed.tampered': '数据包 {file} 无法解密：已损坏或被改动（加密数据包的每一块都经过认证）。未写入任何内容',
  'sealed.notForYouFresh':
    '数据包 {file} 已加密，只能由以下设备导入：{recipients}；这台电脑还没有 ducha 数据库，不是收件设备。未写入任何内容',
  // Issue 17: data keys in encrypted bundles
  'cli.export.unencrypted':
    '受保护的数据库不加 --to 也导出：加密字段和加密的证据文件仍是密文，但保护之前写入的内容和证据文件是明文',
  'sealed.protectedNeedsTo': '此数据库已用口令保护，导出的数据包应加密给收件设备（--to）；没有生成文件',
  'sealed.protectedNeedsTo.hint':
    '用 --to 组长 加密导出（数据密钥随包交给收件设备）；确需不加密导出时加 --unencrypted：加密字段和加密的证据文件仍是没有数据密钥就读不出的密文，保护之前写入的内容和证据文件则是明文',
  'sealed.importNeedsProtect':
    '数据包 {file} 带有加密内容的数据密钥，本数据库尚未用口令保护，不能安全保存它们。未写入任何内容',
  'sealed.importNeedsProtect.hint': '先运行 ducha protect 设置口令，再导入',
} as const;
