// Where Sigma's Windows log sources come from: service → event log channels, and category → the
// service and EventIDs that carry it. From SigmaHQ's THOR mapping (tests/thor.yml) and pySigma's
// Windows pipeline; field renames are those THOR applies to the Security 4688 and Defender events.

export const WINDOWS_SERVICE_CHANNELS: Readonly<Record<string, readonly string[]>> = {
  application: ['Application'],
  security: ['Security'],
  system: ['System'],
  sysmon: ['Microsoft-Windows-Sysmon/Operational'],
  powershell: ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational'],
  'powershell-classic': ['Windows PowerShell'],
  taskscheduler: ['Microsoft-Windows-TaskScheduler/Operational'],
  wmi: ['Microsoft-Windows-WMI-Activity/Operational'],
  dhcp: ['Microsoft-Windows-DHCP-Server/Operational'],
  ntlm: ['Microsoft-Windows-NTLM/Operational'],
  'printservice-admin': ['Microsoft-Windows-PrintService/Admin'],
  'printservice-operational': ['Microsoft-Windows-PrintService/Operational'],
  'smbclient-security': ['Microsoft-Windows-SmbClient/Security'],
  'smbclient-connectivity': ['Microsoft-Windows-SmbClient/Connectivity'],
  'smbserver-connectivity': ['Microsoft-Windows-SMBServer/Connectivity'],
  'terminalservices-localsessionmanager': ['Microsoft-Windows-TerminalServices-LocalSessionManager/Operational'],
  'codeintegrity-operational': ['Microsoft-Windows-CodeIntegrity/Operational'],
  applocker: [
    'Microsoft-Windows-AppLocker/MSI and Script',
    'Microsoft-Windows-AppLocker/EXE and DLL',
    'Microsoft-Windows-AppLocker/Packaged app-Deployment',
    'Microsoft-Windows-AppLocker/Packaged app-Execution',
  ],
  'msexchange-management': ['MSExchange Management'],
  windefend: ['Microsoft-Windows-Windows Defender/Operational'],
  'firewall-as': ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'],
  'bits-client': ['Microsoft-Windows-Bits-Client/Operational'],
  'security-mitigations': ['Microsoft-Windows-Security-Mitigations/Kernel Mode', 'Microsoft-Windows-Security-Mitigations/User Mode'],
  'diagnosis-scripted': ['Microsoft-Windows-Diagnosis-Scripted/Operational'],
  'shell-core': ['Microsoft-Windows-Shell-Core/Operational'],
  openssh: ['OpenSSH/Operational'],
  ldap: ['Microsoft-Windows-LDAP-Client/Debug'],
  bitlocker: ['Microsoft-Windows-BitLocker/BitLocker Management'],
  vhdmp: ['Microsoft-Windows-VHDMP/Operational'],
  'appxdeployment-server': ['Microsoft-Windows-AppXDeploymentServer/Operational'],
  'lsa-server': ['Microsoft-Windows-LSA/Operational'],
  'appxpackaging-om': ['Microsoft-Windows-AppxPackaging/Operational'],
  'dns-client': ['Microsoft-Windows-DNS Client Events/Operational'],
  'appmodel-runtime': ['Microsoft-Windows-AppModel-Runtime/Admin'],
  capi2: ['Microsoft-Windows-CAPI2/Operational'],
  'certificateservicesclient-lifecycle-system': ['Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational'],
  'kernel-shimengine': ['Microsoft-Windows-Kernel-ShimEngine/Operational', 'Microsoft-Windows-Kernel-ShimEngine/Diagnostic'],
  'application-experience': ['Microsoft-Windows-Application-Experience/Program-Telemetry', 'Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant'],
  ntfs: ['Microsoft-Windows-Ntfs/Operational'],
  'hyper-v-worker': ['Microsoft-Windows-Hyper-V-Worker'],
  'kernel-event-tracing': ['Microsoft-Windows-Kernel-EventTracing'],
  sense: ['Microsoft-Windows-SENSE/Operational'],
  'servicebus-client': ['Microsoft-ServiceBus-Client/Admin', 'Microsoft-ServiceBus-Client/Operational'],
  'microsoft-servicebus-client': ['Microsoft-ServiceBus-Client'],
  'iis-configuration': ['Microsoft-IIS-Configuration/Operational'],
  'dns-server': ['DNS Server'],
  'dns-server-audit': ['Microsoft-Windows-DNS-Server/Audit'],
  'dns-server-analytic': ['Microsoft-Windows-DNS-Server/Analytical'],
  'driver-framework': ['Microsoft-Windows-DriverFrameworks-UserMode/Operational'],
};

export interface CategorySource {
  readonly service: string;
  readonly eventIds: readonly number[];
  /** Further field values the event must have (Sysmon 12 is several categories by EventType). */
  readonly conditions?: Readonly<Record<string, readonly string[]>>;
  /** Sigma field name → the name this source uses. */
  readonly fieldNames?: Readonly<Record<string, string>>;
}

const sysmon = (...eventIds: number[]): CategorySource => ({ service: 'sysmon', eventIds });

export const WINDOWS_CATEGORY_SOURCES: Readonly<Record<string, readonly CategorySource[]>> = {
  process_creation: [
    sysmon(1),
    { service: 'security', eventIds: [4688], fieldNames: { Image: 'NewProcessName', ParentImage: 'ParentProcessName' } },
  ],
  file_change: [sysmon(2)],
  network_connection: [sysmon(3)],
  sysmon_status: [sysmon(4, 16)],
  process_termination: [sysmon(5)],
  driver_load: [sysmon(6)],
  image_load: [sysmon(7)],
  create_remote_thread: [sysmon(8)],
  raw_access_thread: [sysmon(9)],
  process_access: [sysmon(10)],
  file_event: [sysmon(11)],
  registry_event: [sysmon(12, 13, 14)],
  registry_add: [{ service: 'sysmon', eventIds: [12], conditions: { EventType: ['CreateKey'] } }],
  registry_delete: [{ service: 'sysmon', eventIds: [12], conditions: { EventType: ['DeleteKey', 'DeleteValue'] } }],
  registry_set: [sysmon(13)],
  registry_rename: [sysmon(14)],
  create_stream_hash: [sysmon(15)],
  pipe_created: [sysmon(17, 18)],
  wmi_event: [sysmon(19, 20, 21)],
  dns_query: [sysmon(22)],
  file_delete: [sysmon(23)],
  clipboard_change: [sysmon(24)],
  process_tampering: [sysmon(25)],
  file_delete_detected: [sysmon(26)],
  file_block_executable: [sysmon(27)],
  file_block_shredding: [sysmon(28)],
  file_executable_detected: [sysmon(29)],
  sysmon_error: [sysmon(255)],
  ps_module: [{ service: 'powershell', eventIds: [4103] }],
  ps_script: [{ service: 'powershell', eventIds: [4104] }],
  ps_classic_start: [{ service: 'powershell-classic', eventIds: [400] }],
  ps_classic_provider_start: [{ service: 'powershell-classic', eventIds: [600] }],
  ps_classic_script: [{ service: 'powershell-classic', eventIds: [800] }],
  antivirus: [
    {
      service: 'windefend',
      eventIds: [1006, 1007, 1008, 1009, 1010, 1011, 1012, 1017, 1018, 1019, 1115, 1116],
      fieldNames: { Signature: 'ThreatName', Filename: 'Path' },
    },
  ],
};

/** Sysmon for Linux writes the same event types to its own channel. */
export const LINUX_SYSMON_CHANNEL = 'Linux-Sysmon/Operational';
export const LINUX_SYSMON_CATEGORY_EVENT_IDS: Readonly<Record<string, readonly number[]>> = {
  process_creation: [1],
  network_connection: [3],
  process_termination: [5],
  raw_access_thread: [9],
  file_event: [11],
  file_delete: [23],
};
