import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import type { Schemas } from '@/api/types';
import { useSession } from '@/stores/session';

type Role = Schemas['Role'];

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    roles?: Role[];
    group?: string;
    icon?: string;
    hidden?: boolean;
    public?: boolean;
  }
}

const community: Role[] = ['CityAdmin', 'StreetAdmin', 'CommunityAdmin'];

/** Every page, loaded when first opened; `roles` decide the menu and who may open it. */
export const pages: RouteRecordRaw[] = [
  { path: 'dashboard', name: 'dashboard', component: () => import('@/views/DashboardView.vue'), meta: { title: '全市概况', roles: ['CityAdmin'], group: '工作台', icon: 'DataLine' } },
  { path: 'communities', name: 'communities', component: () => import('@/views/StreetView.vue'), meta: { title: '社区概况', roles: ['CityAdmin', 'StreetAdmin'], group: '工作台', icon: 'OfficeBuilding' } },
  { path: 'community', name: 'community', component: () => import('@/views/CommunityHomeView.vue'), meta: { title: '社区工作台', roles: ['CommunityAdmin'], group: '工作台', icon: 'House' } },
  { path: 'registrations', name: 'registrations', component: () => import('@/views/RegistrationsView.vue'), meta: { title: '报到审核', roles: community, group: '社区工作', icon: 'Stamp' } },
  { path: 'confirmations', name: 'confirmations', component: () => import('@/views/ConfirmationsView.vue'), meta: { title: '服务认定', roles: [...community, 'BlockAdmin'], group: '社区工作', icon: 'Finished' } },
  { path: 'tasks', name: 'tasks', component: () => import('@/views/TasksView.vue'), meta: { title: '任务发布', roles: [...community, 'BlockAdmin'], group: '社区工作', icon: 'Flag' } },
  { path: 'tasks/:id/checkin', name: 'checkin-code', component: () => import('@/views/CheckInCodeView.vue'), meta: { title: '现场签到码', roles: [...community, 'BlockAdmin'], hidden: true } },
  { path: 'members', name: 'members', component: () => import('@/views/MembersView.vue'), meta: { title: '党员名册', roles: community, group: '社区工作', icon: 'User' } },
  { path: 'members/:id/archive', name: 'archive', component: () => import('@/views/ArchiveView.vue'), meta: { title: '贡献档案', roles: [...community, 'WorkUnitAdmin'], hidden: true } },
  { path: 'wishes', name: 'wishes', component: () => import('@/views/WishesView.vue'), meta: { title: '微心愿', roles: community, group: '社区工作', icon: 'Present' } },
  { path: 'stewards', name: 'stewards', component: () => import('@/views/StewardsView.vue'), meta: { title: '红管家', roles: [...community, 'BlockAdmin'], group: '社区工作', icon: 'Key' } },
  { path: 'help-groups', name: 'help-groups', component: () => import('@/views/HelpGroupsView.vue'), meta: { title: '帮帮团', roles: community, group: '社区工作', icon: 'Connection' } },
  { path: 'suggestions', name: 'suggestions', component: () => import('@/views/SuggestionsView.vue'), meta: { title: '建言献策', roles: community, group: '社区工作', icon: 'ChatLineSquare' } },
  { path: 'notices', name: 'notices', component: () => import('@/views/NoticesView.vue'), meta: { title: '通知公告', roles: community, group: '社区工作', icon: 'Bell' } },
  { path: 'appraisals', name: 'appraisals', component: () => import('@/views/AppraisalsView.vue'), meta: { title: '社区评议', roles: community, group: '社区工作', icon: 'Star' } },
  { path: 'consents', name: 'consents', component: () => import('@/views/ConsentsView.vue'), meta: { title: '隐私授权', roles: community, group: '社区工作', icon: 'Lock' } },
  { path: 'poster', name: 'poster', component: () => import('@/views/PosterView.vue'), meta: { title: '报到二维码', roles: community, group: '社区工作', icon: 'Postcard' } },
  { path: 'unit', name: 'unit', component: () => import('@/views/UnitView.vue'), meta: { title: '单位党员', roles: ['CityAdmin', 'WorkUnitAdmin'], group: '单位工作', icon: 'School' } },
  { path: 'compliance', name: 'compliance', component: () => import('@/views/ComplianceView.vue'), meta: { title: '考核结果', roles: [...community, 'WorkUnitAdmin'], group: '考核与报表', icon: 'Medal' } },
  { path: 'reports', name: 'reports', component: () => import('@/views/ReportsView.vue'), meta: { title: '报表中心', roles: ['CityAdmin', 'WorkUnitAdmin'], group: '考核与报表', icon: 'Document' } },
  { path: 'redemptions', name: 'redemptions', component: () => import('@/views/RedemptionsView.vue'), meta: { title: '兑换核销', roles: ['MerchantAdmin', 'CityAdmin', 'StreetAdmin', 'CommunityAdmin'], group: '积分商场', icon: 'Ticket' } },
  { path: 'mall-items', name: 'mall-items', component: () => import('@/views/MallItemsView.vue'), meta: { title: '积分商品', roles: community, group: '积分商场', icon: 'Goods' } },
  { path: 'merchants', name: 'merchants', component: () => import('@/views/MerchantsView.vue'), meta: { title: '积分商家', roles: community, group: '积分商场', icon: 'Shop' } },
  { path: 'leaderboard', name: 'leaderboard', component: () => import('@/views/LeaderboardView.vue'), meta: { title: '光荣榜', roles: [...community, 'WorkUnitAdmin'], group: '积分商场', icon: 'Trophy' } },
  { path: 'master-data', name: 'master-data', component: () => import('@/views/MasterDataView.vue'), meta: { title: '基础数据', roles: ['CityAdmin'], group: '系统管理', icon: 'Grid' } },
  { path: 'accounts', name: 'accounts', component: () => import('@/views/AccountsView.vue'), meta: { title: '账号与角色', roles: ['CityAdmin', 'StreetAdmin', 'CommunityAdmin'], group: '系统管理', icon: 'Avatar' } },
  { path: 'audit', name: 'audit', component: () => import('@/views/AuditView.vue'), meta: { title: '审计日志', roles: ['CityAdmin'], group: '系统管理', icon: 'Tickets' } },
  { path: 'password', name: 'password', component: () => import('@/views/PasswordView.vue'), meta: { title: '账号安全', hidden: true } },
];

/** The first page a user's roles open, his landing page. */
export function homeFor(roles: Role[]): string {
  const page = pages.find((p) => !p.meta?.hidden && (p.meta?.roles ?? []).some((r) => roles.includes(r)));
  return page ? `/${page.path}` : '/password';
}

export function allowed(route: { meta: { roles?: Role[] } }, roles: Role[]): boolean {
  return route.meta.roles === undefined || route.meta.roles.some((r) => roles.includes(r));
}

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { title: '登录', public: true } },
  // The data screen fills a wall's 1920×1080, without the back office's menu.
  { path: '/screen', name: 'screen', component: () => import('@/views/DataScreenView.vue'), meta: { title: '数据大屏', roles: ['CityAdmin'] } },
  {
    path: '/',
    component: () => import('@/layout/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: { render: () => null } },
      ...pages,
      { path: 'forbidden', name: 'forbidden', component: () => import('@/views/ForbiddenView.vue'), meta: { title: '无权访问', hidden: true } },
    ],
  },
  { path: '/:rest(.*)*', redirect: '/' },
];

export const router = createRouter({ history: createWebHistory('/admin/'), routes });

router.beforeEach(async (to) => {
  const session = useSession();
  if (to.meta.public) {
    return true;
  }

  if (!session.loggedIn) {
    return { name: 'login', query: { redirect: to.fullPath } };
  }

  if (session.me === null) {
    try {
      await session.loadMe();
    } catch {
      session.logout();
      return { name: 'login', query: { redirect: to.fullPath } };
    }
  }

  const roles = session.roles.map((r) => r.role);
  if (to.name === 'home') {
    return homeFor(roles);
  }

  // A page his roles do not open (an old bookmark, a link from another role): say so, rather than move him silently.
  if (!allowed(to, roles)) {
    return { name: 'forbidden', query: { page: String(to.meta.title ?? to.path) } };
  }

  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · 先锋微家管理后台` : '先锋微家管理后台';
});
