#!/bin/sh
# examlab — 执行：sh examlab-uci.sh（可重复执行；apply-router.mjs 先备份 /etc/config/dhcp 与 /etc/config/firewall，回滚时恢复）
# 去除默认上游，否则 address=/#/ 不生效；路由器自身的 NTP 域名由 dnsmasq 配置保持可解析。
set -e
uci set dhcp.@dnsmasq[0].noresolv='1'
# 默认配置没有 server 选项：-q 且忽略“Entry not found”
uci -q delete dhcp.@dnsmasq[0].server || true
uci set dhcp.@dnsmasq[0].confdir='/etc/dnsmasq.d'
uci set dhcp.@dnsmasq[0].filter_aaaa='0'
uci commit dhcp
uci -q delete firewall.examlab_clock || true
uci commit firewall
