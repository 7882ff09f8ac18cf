// Chinese messages of the passphrase for this device's signing key (issue 17): protect, unlock, lock.
export const protect = {
  'cli.protect.description':
    '用口令保护本设备的签名私钥和数据库的数据密钥（并生成恢复密钥）；--change 修改口令；--recovery-key 用恢复密钥重设口令',
  'cli.protect.change': '修改口令（先输入当前口令）',
  'cli.protect.recoveryKey': '忘记口令时：用恢复密钥重设口令',
  'cli.unlock.description': '输入一次口令，在限定时间内免口令写入（保存在仅本用户可读、重启即消失的位置）',
  'cli.unlock.for': '保持解锁的时长，如 8h、90m、1h30m（最长 24h）',
  'cli.lock.description': '立即忘记 ducha unlock 保存的密钥',
  'protect.hidden': '（输入不显示）',
  'protect.ask': '本设备的签名私钥已用口令保护，请输入口令：',
  'protect.askCurrent': '请输入当前口令：',
  'protect.askNew': '请设置新口令：',
  'protect.askAgain': '请再输入一次新口令：',
  'protect.askRecovery': '请输入恢复密钥：',
  'protect.mismatch': '两次输入的口令不一致',
  'protect.mismatch.hint': '请重新运行命令；数据未作任何修改',
  'protect.empty.hint': '口令不能为空；数据未作任何修改',
  'protect.noTerminal': '没有终端可输入口令，且未设置 {env}',
  'protect.noTerminal.hint': '请在终端中运行，或在脚本中设置环境变量 {env}；数据未作任何修改',
  'protect.unlockNoTerminal.hint': '请在终端中运行 ducha unlock；脚本请直接设置 DUCHA_PASSPHRASE（无需解锁）',
  'protect.locked.hint':
    '请先运行 ducha unlock（在终端中输入一次口令），或在脚本中设置环境变量 DUCHA_PASSPHRASE；数据未作任何修改。只读命令（查看、导出文书、verify）无需口令',
  'protect.notThisKey': '解开的私钥与本设备的公钥不符',
  'protect.notThisKey.hint': '数据库中的密钥记录可能已损坏；数据未作任何修改',
  'protect.oneMode': '--change 与 --recovery-key 只能选一个',
  'protect.format1': '此数据库是旧格式，尚无密钥记录',
  'protect.already': '本设备的私钥已经用口令保护',
  'protect.already.hint': '修改口令用 ducha protect --change；忘记口令用 ducha protect --recovery-key',
  'protect.notProtected': '本设备的私钥尚未用口令保护',
  'protect.notProtected.hint': '先运行 ducha protect 设置口令',
  'protect.noRecovery': '此数据库没有恢复密钥记录',
  'protect.done': '已用口令保护 {file} 中本设备的签名私钥和数据库的数据密钥；明文私钥已从数据库文件及其 -wal 中清除。',
  'protect.changed': '已为 {file} 设置新口令；恢复密钥不变。',
  'protect.recoveryShown': '恢复密钥（只显示这一次，请抄写后离线保管，不要与电脑放在一起）：',
  'protect.recoveryWarning':
    '忘记口令时，用 ducha protect --recovery-key 凭它重设口令。口令和恢复密钥都丢失后，加密的内容（记录、姓名、结论与问题的说明、证据文件）谁也读不出，本设备也再不能签名，一切写入都会被拒绝；只有明文部分（编号、日期、方式、结论、状态）仍可查看，verify 仍可核对哈希链和签名。',
  'protect.scope':
    '注意：保密内容（记录内容、对象、被谈话人姓名、证据文件名及文件本身、结论与问题的说明）用数据密钥加密保存，此前写入的内容和添加的证据文件也已加密。',
  'protect.walBusy':
    '警告：另一个程序正打开此数据库，-wal 文件未能清空，其中可能仍有旧的明文私钥；关闭其他 ducha 后再运行 ducha protect --change',
  'protect.badDuration': '解锁时长“{value}”无效',
  'protect.badDuration.hint': '写作 8h、90m 或 1h30m，在 1 分钟到 24 小时之间',
  'protect.unlocked':
    '已解锁，至 {until} 前写入和读取加密内容无需口令。解开的私钥保存在 {file}（仅本用户与 root 可读，重启后消失）；ducha lock 可立即忘记。',
  'protect.locked': '已忘记解锁的私钥；此后写入需再输入口令。',
  'protect.wasNotUnlocked': '本数据库当前未解锁，无需忘记。',
  'protect.noRuntimeDir': '没有可存放解锁私钥的内存目录（未设置 XDG_RUNTIME_DIR，也没有 /dev/shm）',
  'protect.noRuntimeDir.hint': '请在脚本中改用环境变量 DUCHA_PASSPHRASE',
  'protect.unsafeDir': '存放解锁私钥的目录 {dir} 不安全（不是本用户所有的目录，或其他用户可访问）',
  'protect.unsafeDir.hint': '请检查 {dir} 的所有者和权限（应为本用户、0700），或删除它后重试',
  // Issue 17: the data key.
  'protect.changedNewRecovery': '已为 {file} 设置新口令，并生成了数据密钥；旧的恢复密钥作废，请改用下面的新恢复密钥。',
  // Issue 17: what was written before protection.
  'protect.sealedOld':
    '保护前写入的保密内容也已加密：{events} 个事件的内容整体加密保存（其哈希和签名不变），数据表中 {values} 处保密内容和 {files} 个证据文件已加密；数据库文件已重建（VACUUM），旧页面不再留有明文。',
  'protect.wipeFinished':
    '上次 ducha protect 在清除旧页面之前被中断；现已重建 {file}（VACUUM）并清空其 -wal，旧页面不再留有明文。',
} as const;
