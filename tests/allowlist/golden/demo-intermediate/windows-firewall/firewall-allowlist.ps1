#Requires -RunAsAdministrator
# examlab — 考生机 Windows 防火墙（第二道防线），站点 demo-intermediate。手册 §3.2 PC-NETWORK-ALLOWLIST。
# 出站默认拒绝：只允许 DNS（到路由器）、DHCP、Web（TCP 80,443，域名由路由器过滤）、白名单 IP 与局域网服务器；禁止考生机互访。
# 考后恢复：powershell -File firewall-allowlist.ps1 -Undo
param([switch]$Undo)
$ErrorActionPreference = 'Stop'
$group = 'examlab-allowlist'
Get-NetFirewallRule -Group $group -ErrorAction SilentlyContinue | Remove-NetFirewallRule
if ($Undo) {
    Set-NetFirewallProfile -Profile @('Domain', 'Private', 'Public') -DefaultOutboundAction Allow
    Write-Output 'examlab allowlist firewall rules removed'
    exit 0
}
function Add-ExamRule([string]$Name, [hashtable]$Spec) {
    New-NetFirewallRule -Group $group -DisplayName ('examlab ' + $Name) -Enabled True @Spec | Out-Null
}
Add-ExamRule 'DNS to the router (UDP)' @{ Direction = 'Outbound'; Action = 'Allow'; Protocol = 'UDP'; RemotePort = 53; RemoteAddress = @('10.20.0.1') }
Add-ExamRule 'DNS to the router (TCP)' @{ Direction = 'Outbound'; Action = 'Allow'; Protocol = 'TCP'; RemotePort = 53; RemoteAddress = @('10.20.0.1') }
Add-ExamRule 'DHCP' @{ Direction = 'Outbound'; Action = 'Allow'; Protocol = 'UDP'; LocalPort = 68; RemotePort = 67 }
Add-ExamRule 'Web (names filtered by the router)' @{ Direction = 'Outbound'; Action = 'Allow'; Protocol = 'TCP'; RemotePort = @(80, 443) }
Add-ExamRule 'allowlist web 1' @{ Direction = 'Outbound'; Action = 'Allow'; Protocol = 'TCP'; RemotePort = @(80, 443); RemoteAddress = @(
    '192.0.2.0/24',
    '198.51.100.7',
    '2001:db8:100::/64'
) }
# 考生机之间互访一律阻止（阻止规则优先于允许规则）
Add-ExamRule 'no seat-to-seat (out)' @{ Direction = 'Outbound'; Action = 'Block'; RemoteAddress = @('10.20.201.2-10.20.201.254', '10.20.202.2-10.20.202.254') }
Add-ExamRule 'no seat-to-seat (in)' @{ Direction = 'Inbound'; Action = 'Block'; RemoteAddress = @('10.20.201.2-10.20.201.254', '10.20.202.2-10.20.202.254') }
Set-NetFirewallProfile -Profile @('Domain', 'Private', 'Public') -Enabled True -DefaultInboundAction Block -DefaultOutboundAction Block
Write-Output 'examlab allowlist firewall rules applied'
