#Requires -RunAsAdministrator
# examlab — candidate-machine Windows Firewall (second layer), site demo-primary. Manual §3.2 PC-NETWORK-ALLOWLIST.
# Outbound default deny: only DNS (to the router), DHCP, web (TCP 80,443, names filtered by the router), allowlisted IPs and LAN servers; no seat-to-seat traffic.
# After the exam: powershell -File firewall-allowlist.ps1 -Undo
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
Add-ExamRule 'DNS to the router (UDP)' @{ Direction = 'Outbound'; Action = 'Allow'; Protocol = 'UDP'; RemotePort = 53; RemoteAddress = @('10.30.0.1') }
Add-ExamRule 'DNS to the router (TCP)' @{ Direction = 'Outbound'; Action = 'Allow'; Protocol = 'TCP'; RemotePort = 53; RemoteAddress = @('10.30.0.1') }
Add-ExamRule 'DHCP' @{ Direction = 'Outbound'; Action = 'Allow'; Protocol = 'UDP'; LocalPort = 68; RemotePort = 67 }
# Web ports reach the internet only (outside the site's networks): not the router's web UI, the NVR or the lab servers
Add-ExamRule 'Web to the internet (names filtered by the router)' @{ Direction = 'Outbound'; Action = 'Allow'; Protocol = 'TCP'; RemotePort = @(80, 443); RemoteAddress = @('1.0.0.0-10.29.255.255', '10.31.0.0-255.255.255.255') }
Add-ExamRule 'allowlist web 1' @{ Direction = 'Outbound'; Action = 'Allow'; Protocol = 'TCP'; RemotePort = @(80, 443); RemoteAddress = @(
    '192.0.2.0/24',
    '198.51.100.7',
    '2001:db8:100::/64'
) }
# No seat-to-seat traffic (block rules win over allow rules)
Add-ExamRule 'no seat-to-seat (out)' @{ Direction = 'Outbound'; Action = 'Block'; RemoteAddress = @('10.30.101.2-10.30.101.254') }
Add-ExamRule 'no seat-to-seat (in)' @{ Direction = 'Inbound'; Action = 'Block'; RemoteAddress = @('10.30.101.2-10.30.101.254') }
Set-NetFirewallProfile -Profile @('Domain', 'Private', 'Public') -Enabled True -DefaultInboundAction Block -DefaultOutboundAction Block
Write-Output 'examlab allowlist firewall rules applied'
