public import ThiDuaCore
import ThiDuaCriteria
import ThiDuaOrganization
import ThiDuaCampaigns
import ThiDuaDossiers
import ThiDuaNotifications

/// The modules linked into `thidua`, in catalog order. This is the one place a new module is
/// registered: add its target to Package.swift and its type here; `config/thidua.yaml` then
/// enables and configures it.
public let thiduaModules = ModuleCatalog([
    OrganizationModule.self,
    CriteriaModule.self,
    CampaignsModule.self,
    DossiersModule.self,
    NotificationsModule.self,
])
