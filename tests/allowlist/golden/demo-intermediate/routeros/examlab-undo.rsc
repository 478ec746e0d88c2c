# examlab - 撤销：删除全部 examlab 条目并恢复导入前记录的设置，站点 demo-intermediate
/ip firewall filter remove [find comment~"^examlab"]
/ipv6 firewall filter remove [find comment~"^examlab"]
/ip firewall address-list remove [find comment="examlab"]
/ipv6 firewall address-list remove [find comment="examlab"]
/ip dns static remove [find comment="examlab"]
/system scheduler remove [find name="examlab-clock"]
:if ([:len [/system script find name="examlab-restore"]] > 0) do={ /system script run examlab-restore; /system script remove [find name="examlab-restore"] }
/interface list member remove [find comment="examlab"]
/interface list remove [find name="examlab_exam" or name="examlab_not_exam"]
