export interface NotificationsSummary {
  unreadCount: number;
}
