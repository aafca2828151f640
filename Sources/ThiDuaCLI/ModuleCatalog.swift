import ThiDuaBudget
import ThiDuaCampaigns
public import ThiDuaCore
import ThiDuaCouncil
import ThiDuaCriteria
import ThiDuaDecisions
import ThiDuaDossiers
import ThiDuaInitiatives
import ThiDuaNotifications
import ThiDuaOrganization

/// The modules linked into `thidua`, in catalog order. This is the one place a new module is
/// registered: add its target to Package.swift and its type here; `config/thidua.yaml` then
/// enables and configures it. `swift package --allow-writing-to-package-directory scaffold-module NAME`
/// registers a new module above the `@scaffold` markers (keep them).
public let thiduaModules = ModuleCatalog([
    OrganizationModule.self,
    CriteriaModule.self,
    CampaignsModule.self,
    DossiersModule.self,
    BudgetModule.self,
    NotificationsModule.self,
    InitiativesModule.self,
    CouncilModule.self,
    DecisionsModule.self,
        // @scaffold: modules
])
