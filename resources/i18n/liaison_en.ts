<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="68"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="70"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ActivitiesPage</name>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="75"/>
        <source>登记活动</source>
        <translation>Register activity</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="76"/>
        <source>登记一场新的实践活动（Ctrl+N）</source>
        <translation>Register a new practice activity (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="77"/>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="78"/>
        <source>编辑选中的活动（Enter 或双击）</source>
        <translation>Edit the selected activity (Enter or double-click)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="79"/>
        <source>服务时长</source>
        <translation>Service hours</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="80"/>
        <source>给选中活动的志愿者签到签退、登记和更正服务时长</source>
        <translation>Sign the selected activity&apos;s volunteers in and out, record and correct their service hours</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="81"/>
        <source>导出台账…</source>
        <translation>Export ledger…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="83"/>
        <source>把筛选的月份（未选月份则全部）的活动台账或志愿服务台账导出为 Excel 表格</source>
        <translation>Export the activity ledger or the service-hours ledger of the chosen month (or all) as an Excel workbook</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="86"/>
        <source>记录表（PDF）…</source>
        <translation>Record sheet (PDF)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="87"/>
        <source>把选中的活动保存为一页 A4 的活动记录表，含照片</source>
        <translation>Save the selected activity as a one-page A4 record sheet with its photos</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="107"/>
        <source>搜索：活动名称、地点、队伍、志愿者姓名或拼音首字母（Ctrl+F）</source>
        <translation>Search: activity title, place, team, volunteer name or pinyin initials (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="110"/>
        <source>全部类型</source>
        <translation>All types</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="112"/>
        <source>全部五项工作</source>
        <translation>All five tasks</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="114"/>
        <source>全部队伍</source>
        <translation>All teams</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="116"/>
        <source>全部月份</source>
        <translation>All months</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="118"/>
        <source>{0}年{1}月</source>
        <translation>{1}/{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="119"/>
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="178"/>
        <source>实践活动</source>
        <translation>Practice activities</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="230"/>
        <source>正在查找…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="245"/>
        <source>共 {0} 场</source>
        <translation>{0} in total</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="250"/>
        <source>没有符合条件的活动。</source>
        <translation>No activity matches.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="252"/>
        <source>还没有登记过实践活动。按 Ctrl+N 登记第一场。</source>
        <translation>No practice activity yet. Press Ctrl+N to register the first.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="308"/>
        <source>活动已保存。</source>
        <translation>Activity saved.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="321"/>
        <source>保存活动记录表</source>
        <translation>Save activity record sheet</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="322"/>
        <source>活动记录表.pdf</source>
        <translation>activity-record.pdf</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="323"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="342"/>
        <source>已保存活动记录表：{0}</source>
        <translation>Activity record sheet saved: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="361"/>
        <source>导出台账</source>
        <translation>Export ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="362"/>
        <source>导出哪一本台账？</source>
        <translation>Which ledger?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="364"/>
        <location filename="../../desktop/ui/activities/page.py" line="377"/>
        <source>实践活动台账</source>
        <translation>Activity ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="365"/>
        <location filename="../../desktop/ui/activities/page.py" line="377"/>
        <source>志愿服务台账</source>
        <translation>Service-hours ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="366"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="368"/>
        <source>统计期间：{0}</source>
        <translation>Period: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="382"/>
        <source>Excel 表格 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="401"/>
        <source>已导出 {0} 行到 {1}</source>
        <translation>Exported {0} rows to {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/page.py" line="409"/>
        <source>正在导出台账…</source>
        <translation>Exporting the ledger…</translation>
    </message>
</context>
<context>
    <name>ActivityFormDialog</name>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="105"/>
        <source>登记实践活动</source>
        <translation>Register practice activity</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="105"/>
        <source>编辑实践活动</source>
        <translation>Edit practice activity</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="112"/>
        <source>如：身边人讲身边事——老党员讲村史</source>
        <translation>e.g. Neighbours&apos; stories: a veteran party member tells the village&apos;s history</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="114"/>
        <source>请选择活动类型</source>
        <translation>Choose an activity type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="116"/>
        <source>请选择</source>
        <translation>Choose</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="121"/>
        <source>如：村新时代文明实践站、文化广场</source>
        <translation>e.g. the village practice station, the culture square</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="123"/>
        <source>（不指定队伍）</source>
        <translation>(no team)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="126"/>
        <source> 人</source>
        <translation> people</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="130"/>
        <source>活动内容、效果、群众反响等（Enter 换行，Ctrl+Enter 保存）</source>
        <translation>What happened, its effect, how villagers took it (Enter: new line, Ctrl+Enter: save)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="138"/>
        <source>活动名称</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="139"/>
        <source>活动类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="140"/>
        <source>五项工作</source>
        <translation>Five tasks</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="141"/>
        <source>开始时间</source>
        <translation>Starts</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="142"/>
        <source>结束时间</source>
        <translation>Ends</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="143"/>
        <source>活动地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="144"/>
        <source>组织队伍</source>
        <translation>Organising team</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="145"/>
        <source>参与群众</source>
        <translation>Audience</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="152"/>
        <source>活动简介</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="159"/>
        <source>回应的群众需求</source>
        <translation>Demands it answers</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="161"/>
        <source>这场活动回应了哪些群众需求；需求的办理过程里会显示它</source>
        <translation>Which villagers&apos; demands this activity answers; their timelines show it</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="163"/>
        <source>添加需求…</source>
        <translation>Add demand…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="164"/>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="182"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="185"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="322"/>
        <source>发现上次未保存的活动登记，是否恢复？</source>
        <translation>An unsaved activity from last time was found. Restore it?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="324"/>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="325"/>
        <source>不恢复</source>
        <translation>Don&apos;t restore</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/form_dialog.py" line="555"/>
        <source>继续填写</source>
        <translation>Keep filling in</translation>
    </message>
</context>
<context>
    <name>ActivitySheet</name>
    <message>
        <location filename="../../desktop/ui/activities/record_sheet.py" line="23"/>
        <source>实践活动记录表</source>
        <translation>Practice activity record</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/record_sheet.py" line="24"/>
        <source>活动名称</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/record_sheet.py" line="25"/>
        <source>活动类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/record_sheet.py" line="26"/>
        <source>五项工作</source>
        <translation>Five tasks</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/record_sheet.py" line="27"/>
        <source>活动时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/record_sheet.py" line="28"/>
        <source>活动地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/record_sheet.py" line="29"/>
        <source>组织队伍</source>
        <translation>Organising team</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/record_sheet.py" line="30"/>
        <source>参与群众</source>
        <translation>Audience</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/record_sheet.py" line="31"/>
        <source>{0} 人</source>
        <translation>{0} people</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/record_sheet.py" line="32"/>
        <source>参加志愿者</source>
        <translation>Volunteers</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/record_sheet.py" line="33"/>
        <source>{0} 人，共 {1} 小时：{2}</source>
        <translation>{0} people, {1} hours in all: {2}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/record_sheet.py" line="34"/>
        <source>回应群众需求</source>
        <translation>Demands answered</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/record_sheet.py" line="35"/>
        <source>活动简介</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/record_sheet.py" line="36"/>
        <source>活动照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/record_sheet.py" line="37"/>
        <source>记录人（签字）：</source>
        <translation>Recorded by (signature):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/record_sheet.py" line="38"/>
        <source>（站点盖章）</source>
        <translation>(station stamp)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/record_sheet.py" line="39"/>
        <source>无法保存“{0}”：{1}</source>
        <translation>Cannot save “{0}”: {1}</translation>
    </message>
</context>
<context>
    <name>ActivityTableModel</name>
    <message>
        <location filename="../../desktop/ui/activities/table_model.py" line="106"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/table_model.py" line="107"/>
        <source>活动名称</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/table_model.py" line="108"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/table_model.py" line="109"/>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/table_model.py" line="110"/>
        <source>组织队伍</source>
        <translation>Organising team</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/table_model.py" line="111"/>
        <source>志愿者</source>
        <translation>Volunteers</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/table_model.py" line="112"/>
        <source>服务时长（小时）</source>
        <translation>Service hours (h)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/table_model.py" line="113"/>
        <source>参与群众</source>
        <translation>Audience</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/table_model.py" line="153"/>
        <source>五项工作：{0}</source>
        <translation>Five tasks: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/table_model.py" line="157"/>
        <source>{0} 至 {1}</source>
        <translation>{0} to {1}</translation>
    </message>
</context>
<context>
    <name>AppContext</name>
    <message>
        <location filename="../../desktop/ui/app_context.py" line="52"/>
        <source>程序出了一个意外错误，已记录到日志文件。您已保存的数据不受影响。</source>
        <translation>The program ran into an unexpected error, which has been written to the log file. Your saved data is not affected.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app_context.py" line="56"/>
        <source>日志文件：{0}</source>
        <translation>Log file: {0}</translation>
    </message>
</context>
<context>
    <name>BackupBox</name>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="45"/>
        <source>自动备份</source>
        <translation>Automatic backup</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="46"/>
        <source>手动备份</source>
        <translation>Manual backup</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="47"/>
        <source>升级前的备份</source>
        <translation>Backup before upgrade</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="48"/>
        <source>恢复前的数据库</source>
        <translation>Database before restore</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="49"/>
        <source>移开的损坏数据库</source>
        <translation>Damaged database (moved aside)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="57"/>
        <source>备份</source>
        <translation>Backup</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="82"/>
        <source>备份与恢复</source>
        <translation>Backup and restore</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="85"/>
        <source>立即备份…</source>
        <translation>Back up now…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="86"/>
        <source>从备份文件恢复…</source>
        <translation>Restore from a backup file…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="98"/>
        <source>程序每天自动备份一次，保留最近 14 份，存放在：{0}。建议再定期用“立即备份”复制一份到 U 盘。</source>
        <translation>The program backs up automatically once a day and keeps the latest 14 copies in: {0}. It is a good idea to also copy one to a USB drive now and then with &quot;Back up now&quot;.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="110"/>
        <source>从选中的备份恢复…</source>
        <translation>Restore the selected backup…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="133"/>
        <source>（还没有备份）</source>
        <translation>(no backups yet)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="139"/>
        <source>联络员工作台备份-{0}.db</source>
        <translation>workbench-backup-{0}.db</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="142"/>
        <source>备份到</source>
        <translation>Back up to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="144"/>
        <source>数据库备份 (*.db)</source>
        <translation>Database backups (*.db)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="160"/>
        <location filename="../../desktop/ui/settings/backup_box.py" line="161"/>
        <source>正在备份…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="168"/>
        <source>已备份到 {0}（已通过完整性检查）</source>
        <translation>Backed up to {0} (integrity check passed)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="183"/>
        <source>选择要恢复的备份文件</source>
        <translation>Choose the backup file to restore</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="185"/>
        <source>数据库备份 (*.db);;所有文件 (*)</source>
        <translation>Database backups (*.db);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="210"/>
        <source>正在与县中心同步，请等同步结束后再恢复。</source>
        <translation>A sync with the county centre is running; restore after it has finished.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="220"/>
        <source>正在检查备份文件…</source>
        <translation>Checking the backup file…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="225"/>
        <source>用备份“{0}”替换现在的数据吗？</source>
        <translation>Replace the current data with the backup &quot;{0}&quot;?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="232"/>
        <source>请关闭程序，然后在命令行运行：
{0}</source>
        <translation>Close the program, then run on the command line:
{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="242"/>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="243"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="246"/>
        <source>程序会关闭数据库、恢复这个备份，然后重新打开。备份之后在本机新做的修改会被替换；恢复前的数据库会先另存一份到备份文件夹，需要时可以找回。</source>
        <translation>The program closes the database, restores this backup and opens it again. Changes made on this computer after the backup are replaced; the current database is first saved to the backup folder, so it can be recovered if needed.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/backup_box.py" line="253"/>
        <source>也可以关闭程序后在命令行运行：
{0}</source>
        <translation>Or close the program and run on the command line:
{0}</translation>
    </message>
</context>
<context>
    <name>CommendationDialog</name>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="239"/>
        <source>登记表彰</source>
        <translation>Record commendation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="239"/>
        <source>表彰对象：{0}</source>
        <translation>Commended: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="243"/>
        <source>如：优秀志愿者、最美志愿服务队伍</source>
        <translation>e.g. Outstanding volunteer, Best volunteer team</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="244"/>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="247"/>
        <source>请选择</source>
        <translation>Choose</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="252"/>
        <source>如：农安县文明办</source>
        <translation>e.g. Nong&apos;an County Civilization Office</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="255"/>
        <source>表彰名称</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="256"/>
        <source>表彰日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="257"/>
        <source>表彰级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="258"/>
        <source>颁发单位</source>
        <translation>Issued by</translation>
    </message>
</context>
<context>
    <name>ContactEditDialog</name>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="67"/>
        <source>留守老人</source>
        <translation>Left-behind elderly</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="68"/>
        <source>独居老人</source>
        <translation>Elderly living alone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="69"/>
        <source>空巢老人</source>
        <translation>Empty-nest elderly</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="70"/>
        <source>高龄老人</source>
        <translation>Elderly aged 80+</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="71"/>
        <source>留守儿童</source>
        <translation>Left-behind child</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="72"/>
        <source>困境儿童</source>
        <translation>Child in difficulty</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="73"/>
        <source>留守妇女</source>
        <translation>Left-behind woman</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="74"/>
        <source>困难群众</source>
        <translation>In hardship</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="75"/>
        <source>低保户</source>
        <translation>On minimum income</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="76"/>
        <source>特困人员</source>
        <translation>Extreme poverty</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="77"/>
        <source>脱贫户</source>
        <translation>Lifted out of poverty</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="78"/>
        <source>防返贫监测对象</source>
        <translation>Watched against falling back into poverty</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="79"/>
        <source>残疾人</source>
        <translation>Disability</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="80"/>
        <source>重病患者</source>
        <translation>Seriously ill</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="81"/>
        <source>退役军人</source>
        <translation>Veteran</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="82"/>
        <source>军烈属</source>
        <translation>Military or martyr&apos;s family</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="83"/>
        <source>优抚对象</source>
        <translation>Veteran benefits</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="106"/>
        <source>新增村民</source>
        <translation>New villager</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="106"/>
        <source>编辑村民</source>
        <translation>Edit villager</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="115"/>
        <source>未填</source>
        <translation>Not given</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="119"/>
        <source>手机如 13812345678，座机如 0431-84561234</source>
        <translation>Mobile e.g. 13812345678, landline e.g. 0431-84561234</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="121"/>
        <source>本人没有电话时，可填家属的电话</source>
        <translation>A relative&apos;s phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="123"/>
        <source>关系，如 儿子</source>
        <translation>Relation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="129"/>
        <source>（不属于任何网格）</source>
        <translation>(no grid)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="134"/>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="356"/>
        <source>显示</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="135"/>
        <source>显示完整的身份证号码（敏感信息）</source>
        <translation>Show the full ID number (sensitive)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="144"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="145"/>
        <source>性别</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="146"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="148"/>
        <source>代联系人电话</source>
        <translation>Proxy contact&apos;s phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="152"/>
        <source>村民小组</source>
        <translation>Villager group</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="153"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="154"/>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="155"/>
        <source>身份证号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="156"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="165"/>
        <source>重点人群（敏感信息，仅在此处显示）</source>
        <translation>Priority groups (sensitive, shown only here)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="169"/>
        <source>同意情况</source>
        <translation>Consent</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="171"/>
        <source>同意联系（电话、上门）</source>
        <translation>Agrees to be contacted (phone, visits)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="173"/>
        <source>同意处理敏感信息（重点人群等）</source>
        <translation>Agrees to use of sensitive data (priority groups)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="175"/>
        <source>监护人同意（14 岁以下儿童）</source>
        <translation>Guardian&apos;s consent (children under 14)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="183"/>
        <source>需求记录</source>
        <translation>Demands</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="186"/>
        <source>登记日期</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="186"/>
        <source>需求</source>
        <translation>Demand</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="186"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="188"/>
        <source>双击查看需求详情</source>
        <translation>Double-click to see the demand</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="198"/>
        <source>这位村民还没有登记过需求。</source>
        <translation>No demands registered for this villager yet.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="206"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="209"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="333"/>
        <source>需求记录（{0} 条）</source>
        <translation>Demands ({0})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="350"/>
        <source>隐藏</source>
        <translation>Hide</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/edit_dialog.py" line="447"/>
        <source>继续编辑</source>
        <translation>Keep editing</translation>
    </message>
</context>
<context>
    <name>ContactGridDialog</name>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="100"/>
        <source>网格管理</source>
        <translation>Manage grids</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="103"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="103"/>
        <source>网格长</source>
        <translation>Grid leader</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="110"/>
        <source>新增网格…</source>
        <translation>New grid…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="111"/>
        <source>改名…</source>
        <translation>Rename…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="112"/>
        <source>设置网格长…</source>
        <translation>Set grid leader…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="114"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="145"/>
        <source>（未设置）</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="166"/>
        <source>已新增网格“{0}”</source>
        <translation>Added grid &quot;{0}&quot;</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="172"/>
        <source>已改名为“{0}”</source>
        <translation>Renamed to &quot;{0}&quot;</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="177"/>
        <source>已设置网格长</source>
        <translation>Grid leader set</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="185"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="186"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="195"/>
        <source>新增网格</source>
        <translation>New grid</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="195"/>
        <source>网格名称：</source>
        <translation>Grid name:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="209"/>
        <source>网格改名</source>
        <translation>Rename grid</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="209"/>
        <source>新的名称：</source>
        <translation>New name:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="223"/>
        <source>选择“{0}”的网格长</source>
        <translation>Choose the grid leader of &quot;{0}&quot;</translation>
    </message>
</context>
<context>
    <name>ContactImportDialog</name>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="88"/>
        <source>村民花名册 (*.xlsx *.xlsm *.xls *.csv *.txt);;所有文件 (*)</source>
        <translation>Villager rosters (*.xlsx *.xlsm *.xls *.csv *.txt);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="99"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="100"/>
        <source>性别</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="101"/>
        <source>身份证号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="102"/>
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="103"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="104"/>
        <source>代联系人电话</source>
        <translation>Proxy contact&apos;s phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="105"/>
        <source>与代联系人关系</source>
        <translation>Relation to proxy contact</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="106"/>
        <source>村民小组</source>
        <translation>Villager group</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="107"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="108"/>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="109"/>
        <source>人员类别</source>
        <translation>Priority groups</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="110"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="111"/>
        <source>是否留守老人</source>
        <translation>Left-behind elderly (yes/no)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="112"/>
        <source>是否独居老人</source>
        <translation>Elderly living alone (yes/no)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="113"/>
        <source>是否空巢老人</source>
        <translation>Empty-nest elderly (yes/no)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="114"/>
        <source>是否高龄老人</source>
        <translation>Elderly aged 80+ (yes/no)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="115"/>
        <source>是否留守儿童</source>
        <translation>Left-behind child (yes/no)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="116"/>
        <source>是否困境儿童</source>
        <translation>Child in difficulty (yes/no)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="117"/>
        <source>是否留守妇女</source>
        <translation>Left-behind woman (yes/no)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="118"/>
        <source>是否困难群众</source>
        <translation>In hardship (yes/no)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="119"/>
        <source>是否低保户</source>
        <translation>On minimum income (yes/no)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="120"/>
        <source>是否特困人员</source>
        <translation>Extreme poverty (yes/no)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="121"/>
        <source>是否脱贫户</source>
        <translation>Lifted out of poverty?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="122"/>
        <source>是否防返贫监测对象</source>
        <translation>Watched against falling back into poverty?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="123"/>
        <source>是否残疾人</source>
        <translation>Disability (yes/no)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="124"/>
        <source>是否重病患者</source>
        <translation>Seriously ill?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="125"/>
        <source>是否退役军人</source>
        <translation>Veteran?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="126"/>
        <source>是否军烈属</source>
        <translation>Military or martyr&apos;s family?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="127"/>
        <source>是否优抚对象</source>
        <translation>Veteran benefits (yes/no)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="224"/>
        <source>导入花名册</source>
        <translation>Import roster</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="236"/>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="237"/>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="238"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="239"/>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="430"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="264"/>
        <source>选择村里的村民花名册（Excel .xlsx、WPS/旧版 Excel .xls 或 CSV 文件）。
表格上方的标题行、日期行可以保留；程序会自动找到“姓名”等表头所在的行。
导入前会先显示每一列对应的内容和前 20 行的预览，确认后才写入通讯录。</source>
        <translation>Choose the village&apos;s roster of villagers (Excel .xlsx, WPS/older Excel .xls or a CSV file).
Title and date rows above the table may stay; the program finds the row with headers such as &quot;姓名&quot; (name) by itself.
Before importing it shows what each column maps to and a preview of the first 20 rows; nothing is written to the contact book until you confirm.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="271"/>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="289"/>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="289"/>
        <source>表头</source>
        <translation>Header</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="289"/>
        <source>前几行的内容</source>
        <translation>First rows</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="289"/>
        <source>导入为</source>
        <translation>Import as</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="304"/>
        <source>跳过（不改动通讯录里已有的记录）</source>
        <translation>Skip (leave existing records in the contact book unchanged)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="306"/>
        <source>更新（用表格中填写了的内容更新已有记录）</source>
        <translation>Update (fill existing records with what the spreadsheet gives)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="314"/>
        <source>通讯录里已有的村民（身份证号码相同，或姓名和电话相同）：</source>
        <translation>Villagers already in the contact book (same ID number, or same name and phone):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="326"/>
        <source>不在类别表里的人员类别：勾选的作为自定义类别导入，不勾选的不导入</source>
        <translation>Categories not in the list: ticked ones are imported as custom categories, the others are not</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="332"/>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="357"/>
        <source>显示全部行</source>
        <translation>Show every row</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="360"/>
        <source>把需要修改的行另存为 Excel…</source>
        <translation>Save the rows to correct as Excel…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="362"/>
        <source>在 Excel/WPS 中改好这些行，再导入一次即可</source>
        <translation>Correct these rows in Excel/WPS, then import them again</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="365"/>
        <source>保存报告…</source>
        <translation>Save report…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="395"/>
        <source>全部 {0} 行：</source>
        <translation>All {0} rows:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="399"/>
        <source>需要处理的行（{0} 行）：</source>
        <translation>Rows that need you ({0}):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="401"/>
        <source>没有需要处理的行。</source>
        <translation>No row needs you.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="430"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="451"/>
        <source>选择村民花名册</source>
        <translation>Choose a villager roster</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="457"/>
        <source>正在读取“{0}”…</source>
        <translation>Reading &quot;{0}&quot;…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="474"/>
        <source>已读取“{0}”</source>
        <translation>Read &quot;{0}&quot;</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="478"/>
        <source>文件“{0}”，工作表“{1}”：表头在第 {2} 行，下面有 {3} 行。请核对每一列要导入为什么，不需要的列选“（不导入）”。</source>
        <translation>File &quot;{0}&quot;, sheet &quot;{1}&quot;: headers in row {2}, {3} rows below. Check what each column is imported as; choose &quot;(do not import)&quot; for columns you do not need.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="493"/>
        <source>（无表头）</source>
        <translation>(no header)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="496"/>
        <source>（不导入）</source>
        <translation>(do not import)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="547"/>
        <source>正在检查每一行…</source>
        <translation>Checking every row…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="549"/>
        <source>正在检查花名册…</source>
        <translation>Checking the roster…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="562"/>
        <source>检查结果（还没有写入通讯录）：{0}</source>
        <translation>Checked (nothing written yet): {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="564"/>
        <source>表头下面没有可以导入的行。</source>
        <translation>There are no rows to import below the headers.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="580"/>
        <source>{0}（{1} 行）</source>
        <translation>{0} ({1} rows)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="605"/>
        <source>正在导入花名册…</source>
        <translation>Importing roster…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="614"/>
        <source>导入完成：{0}</source>
        <translation>Import finished: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="628"/>
        <source>{0} 没有导入任何村民。</source>
        <translation>{0} No villagers were imported.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="640"/>
        <source>另存需要修改的行</source>
        <translation>Save the rows to correct</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="640"/>
        <source>Excel 表格 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="656"/>
        <source>已把 {0} 行另存到 {1}，改好后可以再导入。</source>
        <translation>Saved {0} rows to {1}; import them again once corrected.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="665"/>
        <source>保存导入报告</source>
        <translation>Save import report</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="665"/>
        <source>文本文件 (*.txt)</source>
        <translation>Text files (*.txt)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="680"/>
        <source>无法保存报告：{0}</source>
        <translation>Could not save the report: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="683"/>
        <source>报告已保存到 {0}</source>
        <translation>Report saved to {0}</translation>
    </message>
</context>
<context>
    <name>ContactPickerDialog</name>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="51"/>
        <source>姓名、拼音首字母或电话号码</source>
        <translation>Name, pinyin initials or phone number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="55"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/grid_dialog.py" line="56"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ContactSuggestionTableModel</name>
    <message>
        <location filename="../../desktop/ui/demands/requester.py" line="74"/>
        <source>村民</source>
        <translation>Villager</translation>
    </message>
</context>
<context>
    <name>ContactTableModel</name>
    <message>
        <location filename="../../desktop/ui/contacts/table_model.py" line="92"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/table_model.py" line="93"/>
        <source>性别</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/table_model.py" line="94"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/table_model.py" line="95"/>
        <source>村民小组</source>
        <translation>Villager group</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/table_model.py" line="96"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/table_model.py" line="97"/>
        <source>住址</source>
        <translation>Address</translation>
    </message>
</context>
<context>
    <name>ContactsPage</name>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="73"/>
        <source>新增村民</source>
        <translation>New villager</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="74"/>
        <source>在通讯录中新增一位村民（Ctrl+N）</source>
        <translation>Add a villager to the contact book (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="75"/>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="76"/>
        <source>编辑选中的村民（Enter 或双击）</source>
        <translation>Edit the selected villager (Enter or double-click)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="77"/>
        <source>导入花名册…</source>
        <translation>Import roster…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="78"/>
        <source>从 Excel/WPS 或 CSV 花名册导入村民</source>
        <translation>Import villagers from an Excel/WPS or CSV roster</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="79"/>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="80"/>
        <source>把当前列表导出为 Excel 表格</source>
        <translation>Export the current list as an Excel spreadsheet</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="81"/>
        <source>网格管理…</source>
        <translation>Manage grids…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="101"/>
        <source>搜索：姓名、拼音首字母（如 zs）、电话号码、住址（Ctrl+F）</source>
        <translation>Search: name, pinyin initials (e.g. zs), phone, address (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="104"/>
        <source>全部网格</source>
        <translation>All grids</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="106"/>
        <source>全部小组</source>
        <translation>All groups</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="159"/>
        <source>村民通讯录</source>
        <translation>Contact book</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="171"/>
        <location filename="../../desktop/ui/contacts/page.py" line="197"/>
        <source>正在查找…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="215"/>
        <source>共 {0} 人</source>
        <translation>{0} villagers</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="220"/>
        <source>没有找到符合条件的村民。</source>
        <translation>No villagers match.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="222"/>
        <source>通讯录还是空的。可以点“新增村民”，或用“导入花名册…”一次导入全村。</source>
        <translation>The contact book is empty. Click &quot;New villager&quot;, or use &quot;Import roster…&quot; to import the whole village at once.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="276"/>
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="288"/>
        <location filename="../../desktop/ui/contacts/page.py" line="318"/>
        <location filename="../../desktop/ui/contacts/page.py" line="348"/>
        <source>导出村民通讯录</source>
        <translation>Export contact book</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="290"/>
        <source>导出当前列表中的 {0} 位村民。
电话和身份证号码将隐去部分数字，人员类别、出生日期和备注等敏感信息不导出。</source>
        <translation>Export the {0} villagers in the current list.
Phone and ID numbers are partly masked; sensitive data such as priority groups, date of birth and notes are not exported.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="302"/>
        <source>导出完整的电话、身份证号码和人员类别（仅在确有工作需要时选择）</source>
        <translation>Export full phone and ID numbers and priority groups (only when the work really requires it)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="294"/>
        <source>选择保存位置…</source>
        <translation>Choose where to save…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="295"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="315"/>
        <source>完整</source>
        <translation>-full</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="320"/>
        <source>Excel 表格 (*.xlsx)</source>
        <translation>Excel spreadsheet (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="340"/>
        <source>已导出 {0} 位村民到 {1}</source>
        <translation>Exported {0} villagers to {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/page.py" line="353"/>
        <source>正在导出村民通讯录…</source>
        <translation>Exporting contact book…</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="74"/>
        <source>更正服务时长</source>
        <translation>Correct service hours</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="78"/>
        <source>{0}：原记录保留不变，另加一条更正。减少时长请填负数，如 -0.5。</source>
        <translation>{0}: the original record stays as it is and a correction is added. Enter a negative number to take time away, e.g. -0.5.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="83"/>
        <source>如 0.5 或 -1（小时）</source>
        <translation>e.g. 0.5 or -1 (hours)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="86"/>
        <source>如：签退时间登记错了</source>
        <translation>e.g. the check-out time was wrong</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="89"/>
        <source>增减时长</source>
        <translation>Change (hours)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="90"/>
        <source>更正原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="97"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="99"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>DemandDetailDialog</name>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="267"/>
        <source>需求详情</source>
        <translation>Demand details</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="288"/>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="540"/>
        <source>显示完整号码</source>
        <translation>Show full number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="320"/>
        <source>办理过程</source>
        <translation>Progress</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="336"/>
        <source>评价</source>
        <translation>Evaluate</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="337"/>
        <source>补充说明…</source>
        <translation>Add a note…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="338"/>
        <source>给县中心补充新的情况（同步后县中心能看到）</source>
        <translation>Tell the county something new (it sees it after the next sync)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="339"/>
        <source>催办…</source>
        <translation>Urge…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="340"/>
        <source>撤回…</source>
        <translation>Withdraw…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="342"/>
        <source>群众不再需要了（如已自行解决）：县中心受理之前可以撤回，需求仍留在台账里</source>
        <translation>The villager no longer needs it (e.g. solved it): can be withdrawn until the county takes it up; it stays in the ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="344"/>
        <source>打印回执</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="345"/>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="684"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="346"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="395"/>
        <source>登记时间</source>
        <translation>Registered at</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="396"/>
        <source>来源渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="397"/>
        <source>类别 / 主题</source>
        <translation>Category / topic</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="398"/>
        <source>点单项目</source>
        <translation>Menu item</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="399"/>
        <source>详细描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="400"/>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="401"/>
        <source>办理期限</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="402"/>
        <source>群众</source>
        <translation>Villager</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="403"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="404"/>
        <source>登记人</source>
        <translation>Registered by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="405"/>
        <source>承办队伍</source>
        <translation>Service team</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="406"/>
        <source>派单时间</source>
        <translation>Dispatched at</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="407"/>
        <source>接单时间</source>
        <translation>Taken on at</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="408"/>
        <source>办结时间</source>
        <translation>Resolved at</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="409"/>
        <source>办理结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="410"/>
        <source>退回理由</source>
        <translation>Reason for return</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="411"/>
        <source>群众评价</source>
        <translation>Villager&apos;s evaluation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="412"/>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="634"/>
        <source>撤回</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="432"/>
        <source>找不到这条需求</source>
        <translation>Demand not found</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="437"/>
        <source>{0}（已删除）</source>
        <translation>{0} (deleted)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="440"/>
        <source>还没有上报到县中心：联网同步以后，县中心才能看到并办理</source>
        <translation>Not yet reported to the county: the county can see it and act once this PC syncs</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="449"/>
        <source>{0}（已超期）</source>
        <translation>{0} (overdue)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="465"/>
        <source>匿名</source>
        <translation>Anonymous</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="477"/>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="496"/>
        <source>超过办理期限还没有办结：请县中心加快办理</source>
        <translation>Past its deadline and not resolved: ask the county to speed up</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="506"/>
        <source>同步时发现“{0}”在本机和县中心同时被修改，已采用本机的值。本机的值：{1}；县中心的值：{2}。如有不对，请核实后重新修改。</source>
        <translation>Sync found &quot;{0}&quot; changed both here and at the county centre; the value from this computer was kept. This computer: {1}; county centre: {2}. If that is wrong, check and edit it again.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="516"/>
        <source>县中心没有接受本机对这条需求的一次修改，原因：{0}</source>
        <translation>The county centre did not accept a change made here to this demand. Reason: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="525"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="535"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="535"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="540"/>
        <source>隐藏号码</source>
        <translation>Hide number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="587"/>
        <source>补充说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="588"/>
        <source>需求 {0}：写下县中心需要知道的新情况。</source>
        <translation>Demand {0}: write down what the county should know.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="589"/>
        <source>如：群众又打电话来，说漏水更严重了</source>
        <translation>e.g. the villager called again: the leak got worse</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="590"/>
        <source>保存说明</source>
        <translation>Save note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="591"/>
        <source>请填写补充说明的内容</source>
        <translation>Please write the note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="607"/>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="612"/>
        <source>催办</source>
        <translation>Urge</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="608"/>
        <source>需求 {0} 已超过办理期限（{1}）。请县中心加快办理。</source>
        <translation>Demand {0} is past its deadline ({1}). Ask the county to speed up.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="611"/>
        <source>可以写明催办的原因（可不填）</source>
        <translation>Why you urge it (optional)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="629"/>
        <source>撤回需求</source>
        <translation>Withdraw demand</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="631"/>
        <source>撤回需求 {0}“{1}”：县中心不再办理，需求留在台账里，显示为“已撤回”。</source>
        <translation>Withdraw demand {0} &quot;{1}&quot;: the county stops working on it; it stays in the ledger as withdrawn.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="633"/>
        <source>撤回的原因，如：群众已自行解决</source>
        <translation>Why, e.g. the villager solved it</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="635"/>
        <source>请填写撤回的原因</source>
        <translation>Please give the reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="681"/>
        <source>删除需求</source>
        <translation>Delete demand</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="682"/>
        <source>确定删除需求 {0}“{1}”吗？</source>
        <translation>Delete demand {0} &quot;{1}&quot;?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="687"/>
        <source>只有登记错了才需要删除。删除后县中心也会收到。</source>
        <translation>Delete only a demand registered by mistake. The county centre is told about the deletion too.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="685"/>
        <source>不删除</source>
        <translation>Keep</translation>
    </message>
</context>
<context>
    <name>DemandEvaluationDialog</name>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="139"/>
        <source>群众评价</source>
        <translation>Villager&apos;s evaluation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="141"/>
        <source>需求 {0}：群众对办理结果的评价</source>
        <translation>Demand {0}: the villager&apos;s evaluation of the outcome</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="156"/>
        <source>评价说明（可不填）</source>
        <translation>Evaluation note (optional)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="162"/>
        <source>保存评价</source>
        <translation>Save evaluation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="164"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="183"/>
        <source>请选择群众的满意程度</source>
        <translation>Choose how satisfied the villager is</translation>
    </message>
</context>
<context>
    <name>DemandFormDialog</name>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="86"/>
        <source>登记群众需求</source>
        <translation>Register a villager demand</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="95"/>
        <source>请选择类别</source>
        <translation>Choose a category</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="97"/>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="334"/>
        <source>（不选主题）</source>
        <translation>(no topic)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="100"/>
        <source>一句话说明群众要什么，如：三组路灯坏了</source>
        <translation>What the villager needs, in one line, e.g. street light broken in group 3</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="104"/>
        <source>具体情况、时间地点等（Enter 换行，Ctrl+Enter 保存）</source>
        <translation>Details, time, place etc. (Enter for a new line, Ctrl+Enter to save)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="111"/>
        <source>按类别默认</source>
        <translation>Category default</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="128"/>
        <source>群众</source>
        <translation>Villager</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="129"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="131"/>
        <source>来源渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="134"/>
        <source>需求类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="137"/>
        <source>具体主题</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="139"/>
        <source>需求标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="141"/>
        <source>详细描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="144"/>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="146"/>
        <source>办理期限</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="149"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="153"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="245"/>
        <source>发现上次未保存的需求登记，是否恢复？</source>
        <translation>A demand registration from last time was not saved. Restore it?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="247"/>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="248"/>
        <source>不恢复</source>
        <translation>Discard</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/form_dialog.py" line="434"/>
        <source>继续填写</source>
        <translation>Keep editing</translation>
    </message>
</context>
<context>
    <name>DemandLabels</name>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="35"/>
        <source>待提交</source>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="36"/>
        <source>已上报</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="37"/>
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="38"/>
        <source>已退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="39"/>
        <source>已合并</source>
        <translation>Merged</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="40"/>
        <source>待认领</source>
        <translation>Unclaimed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="41"/>
        <source>已派单</source>
        <translation>Dispatched</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="42"/>
        <source>已接单</source>
        <translation>Taken on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="43"/>
        <source>办理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="44"/>
        <source>已办结</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="45"/>
        <source>已评价</source>
        <translation>Evaluated</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="46"/>
        <source>已关闭</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="47"/>
        <source>已上报上级</source>
        <translation>Escalated</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="48"/>
        <source>已撤回</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="50"/>
        <source>问需台</source>
        <translation>Needs desk</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="51"/>
        <source>微心愿</source>
        <translation>Micro-wish</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="52"/>
        <source>文明实践110</source>
        <translation>Hotline 110</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="53"/>
        <source>入户走访</source>
        <translation>Home visit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="54"/>
        <source>网格上报</source>
        <translation>Grid report</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="55"/>
        <source>点单</source>
        <translation>Menu order</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="56"/>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="58"/>
        <source>一般</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="59"/>
        <source>紧急</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="60"/>
        <source>特急</source>
        <translation>Very urgent</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="62"/>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="63"/>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="64"/>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="65"/>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="66"/>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="79"/>
        <source>待上报</source>
        <translation>Not yet reported</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="80"/>
        <source>县中心未接收</source>
        <translation>Refused by the county</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="132"/>
        <source>登记需求</source>
        <translation>Register demand</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="134"/>
        <source>群众评价</source>
        <translation>Villager&apos;s evaluation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="136"/>
        <source>补充说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="138"/>
        <source>催办</source>
        <translation>Urge</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="140"/>
        <source>撤回</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="142"/>
        <source>实践活动</source>
        <translation>Practice activities</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="148"/>
        <source>村</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/labels.py" line="150"/>
        <source>县</source>
        <translation>County</translation>
    </message>
</context>
<context>
    <name>DemandPickerDialog</name>
    <message>
        <location filename="../../desktop/ui/activities/demand_picker.py" line="36"/>
        <source>选择需求</source>
        <translation>Choose demand</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/demand_picker.py" line="41"/>
        <source>需求编号、标题、群众姓名、拼音首字母或电话号码</source>
        <translation>Demand number, title, villager&apos;s name, pinyin initials or phone digits</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/demand_picker.py" line="48"/>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/demand_picker.py" line="51"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/demand_picker.py" line="106"/>
        <source>没有找到符合的需求。</source>
        <translation>No demand matches.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/demand_picker.py" line="117"/>
        <source>已添加 {0}</source>
        <translation>Added {0}</translation>
    </message>
</context>
<context>
    <name>DemandReceipt</name>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="46"/>
        <source>匿名</source>
        <translation>Anonymous</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="47"/>
        <source>需求编号</source>
        <translation>Demand no.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="48"/>
        <source>登记日期</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="50"/>
        <source>需求标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="51"/>
        <source>需求摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="52"/>
        <source>提出人</source>
        <translation>Requested by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="53"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="54"/>
        <source>办理期限</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="55"/>
        <source>新时代文明实践站</source>
        <translation>New Era Civilisation Practice Station</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="56"/>
        <source>群众需求受理回执</source>
        <translation>Receipt for a villager demand</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="49"/>
        <source>需求类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="57"/>
        <source>请妥善保管此回执，凭编号查询办理进度。</source>
        <translation>Please keep this receipt; quote its number to ask about progress.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="58"/>
        <source>查询进度：请拨打本站电话 {0}，或到本站询问，报上需求编号即可。</source>
        <translation>To ask about progress, call the station on {0} or come by, and give the demand number.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="61"/>
        <source>查询进度：请到本站询问，报上需求编号即可。</source>
        <translation>To ask about progress, come by the station and give the demand number.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="62"/>
        <source>县中心办结后，本站会请您对办理结果作出评价。</source>
        <translation>Once the county has dealt with it, the station will ask you to rate the result.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="63"/>
        <source>经办人（签字）：</source>
        <translation>Handled by (signature): </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="64"/>
        <source>（站点盖章）</source>
        <translation>(station stamp)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="65"/>
        <source>{0}年{1}月{2}日</source>
        <translation>{0}-{1}-{2}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="66"/>
        <source>无法保存回执“{0}”：{1}</source>
        <translation>Could not save the receipt &quot;{0}&quot;: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="67"/>
        <source>打印回执</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="68"/>
        <source>回执-{0}.pdf</source>
        <translation>receipt-{0}.pdf</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="69"/>
        <source>保存回执为 PDF</source>
        <translation>Save receipt as PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="70"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="71"/>
        <source>需求 {0} 的回执</source>
        <translation>Receipt for demand {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="72"/>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="73"/>
        <source>保存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/receipt.py" line="74"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>DemandTableModel</name>
    <message>
        <location filename="../../desktop/ui/demands/table_model.py" line="189"/>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/table_model.py" line="190"/>
        <source>登记日期</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/table_model.py" line="191"/>
        <source>群众</source>
        <translation>Villager</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/table_model.py" line="192"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/table_model.py" line="193"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/table_model.py" line="194"/>
        <source>来源</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/table_model.py" line="195"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/table_model.py" line="196"/>
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/table_model.py" line="245"/>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/table_model.py" line="248"/>
        <source>县中心没有接收这条需求，打开它可以看到原因</source>
        <translation>The county did not accept this demand; open it to see why</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/table_model.py" line="250"/>
        <source>还没有上报到县中心：联网同步以后，县中心才能看到并办理</source>
        <translation>Not yet reported to the county: the county can see it and act once this PC syncs</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/table_model.py" line="206"/>
        <source>匿名</source>
        <translation>Anonymous</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/table_model.py" line="221"/>
        <source>{0}（超期）</source>
        <translation>{0} (overdue)</translation>
    </message>
</context>
<context>
    <name>DemandTimelineTableModel</name>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="109"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="109"/>
        <source>经办</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="109"/>
        <source>事项</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="109"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>DemandsPage</name>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="66"/>
        <source>登记需求</source>
        <translation>Register demand</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="67"/>
        <source>登记一条新的群众需求（Ctrl+N）</source>
        <translation>Register a new villager demand (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="68"/>
        <source>点单</source>
        <translation>Order from menu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="69"/>
        <source>从县中心的服务菜单下单</source>
        <translation>Order from the county centre&apos;s service menu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="70"/>
        <source>查看</source>
        <translation>View</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="71"/>
        <source>查看选中的需求（Enter 或双击）</source>
        <translation>View the selected demand (Enter or double-click)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="72"/>
        <source>打印回执</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="92"/>
        <source>搜索：姓名、拼音首字母、电话号码或关键词（Ctrl+F）</source>
        <translation>Search: name, pinyin initials, phone or keywords (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="95"/>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="97"/>
        <source>未办结（全部办理中）</source>
        <translation>Not resolved (all in progress)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="99"/>
        <source>待上报（县中心还没收到）</source>
        <translation>Not yet reported (the county has not got it)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="103"/>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="105"/>
        <source>全部来源</source>
        <translation>All channels</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="117"/>
        <source>全部网格</source>
        <translation>All grids</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="119"/>
        <source>只看超期</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="120"/>
        <source>只看待评价</source>
        <translation>Awaiting evaluation only</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="121"/>
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="123"/>
        <source>登记日期</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="125"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="189"/>
        <source>群众需求</source>
        <translation>Demands</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="114"/>
        <location filename="../../desktop/ui/demands/page.py" line="115"/>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="250"/>
        <source>正在查找…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="280"/>
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="285"/>
        <source>没有符合条件的需求。</source>
        <translation>No demands match.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="287"/>
        <source>还没有登记过群众需求。按 Ctrl+N 登记第一条。</source>
        <translation>No demands registered yet. Press Ctrl+N to register the first one.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="298"/>
        <source>已登记需求 {0}（当前的搜索或筛选条件下看不到它），可点“打印回执”给群众。</source>
        <translation>Demand {0} registered (the current search or filters hide it); click &quot;Print receipt&quot; for the villager.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="315"/>
        <source>共 {0} 条</source>
        <translation>{0} demands</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="319"/>
        <source>读取失败</source>
        <translation>Could not load</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="336"/>
        <source>打印刚登记的需求 {0} 的回执</source>
        <translation>Print the receipt of demand {0}, just registered</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="338"/>
        <source>打印选中需求的回执</source>
        <translation>Print the selected demand&apos;s receipt</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/page.py" line="386"/>
        <source>已登记需求 {0}，可点“打印回执”给群众。</source>
        <translation>Registered demand {0}. Click &quot;Print receipt&quot; to give the villager a receipt.</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../desktop/ui/common/dialogs.py" line="367"/>
        <source>放弃修改？</source>
        <translation>Discard changes?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/dialogs.py" line="371"/>
        <source>放弃修改</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/dialogs.py" line="376"/>
        <source>已填写的内容不会保存。</source>
        <translation>What you typed will not be saved.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/dialogs.py" line="413"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>DisplayBox</name>
    <message>
        <location filename="../../desktop/ui/settings/display_box.py" line="14"/>
        <source>公共场所模式：列表中的姓名只显示姓（如 张**），屏幕可能被群众看到时使用</source>
        <translation>Public place mode: lists show only surnames (e.g. Zhang**), for a screen the public can see</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/display_box.py" line="27"/>
        <source>显示</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/display_box.py" line="36"/>
        <source>电话和身份证号码在列表中总是只显示部分数字；回执等交给群众的纸张上，姓名也只显示姓。</source>
        <translation>Lists always show phone and ID numbers in part; on receipts and other paper handed to villagers, names show only the surname.</translation>
    </message>
</context>
<context>
    <name>EntityLabels</name>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="31"/>
        <source>本站信息</source>
        <translation>Station information</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="32"/>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="33"/>
        <source>村民</source>
        <translation>Villager</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="34"/>
        <source>需求</source>
        <translation>Demand</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="35"/>
        <source>需求办理记录</source>
        <translation>Demand step</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="36"/>
        <source>服务菜单</source>
        <translation>Service menu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="37"/>
        <source>队伍</source>
        <translation>Team</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="38"/>
        <source>志愿者</source>
        <translation>Volunteer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="39"/>
        <source>活动</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="40"/>
        <source>服务时长</source>
        <translation>Service hours</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="41"/>
        <source>星级认定</source>
        <translation>Star certification</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="42"/>
        <source>表彰</source>
        <translation>Commendation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="43"/>
        <source>积分</source>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="44"/>
        <source>照片</source>
        <translation>Photo</translation>
    </message>
</context>
<context>
    <name>FieldLabels</name>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="47"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="48"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="49"/>
        <source>详细描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="50"/>
        <source>统计用区划代码</source>
        <translation>Statistical division code</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="51"/>
        <source>乡镇</source>
        <translation>Township</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="52"/>
        <source>县（市、区）</source>
        <translation>County</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="53"/>
        <source>所属站点</source>
        <translation>Station</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="54"/>
        <source>所在网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="55"/>
        <source>网格长</source>
        <translation>Grid leader</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="56"/>
        <source>排列顺序</source>
        <translation>Sort order</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="57"/>
        <source>性别</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="58"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="59"/>
        <source>代联系人电话</source>
        <translation>Proxy contact&apos;s phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="60"/>
        <source>与代联系人关系</source>
        <translation>Relation to proxy contact</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="61"/>
        <source>村民小组</source>
        <translation>Villager group</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="62"/>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="63"/>
        <source>重点人群标签</source>
        <translation>Priority groups</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="64"/>
        <source>身份证号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="65"/>
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="66"/>
        <source>同意联系</source>
        <translation>Consents to contact</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="67"/>
        <source>同意记录敏感信息</source>
        <translation>Consents to sensitive data</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="68"/>
        <source>监护人同意</source>
        <translation>Guardian&apos;s consent</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="69"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="70"/>
        <source>需求编号</source>
        <translation>Demand no.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="71"/>
        <source>群众（通讯录）</source>
        <translation>Villager (contact book)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="72"/>
        <source>群众姓名</source>
        <translation>Villager&apos;s name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="73"/>
        <source>群众电话</source>
        <translation>Villager&apos;s phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="74"/>
        <source>匿名</source>
        <translation>Anonymous</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="75"/>
        <source>登记人</source>
        <translation>Registered by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="76"/>
        <source>来源渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="77"/>
        <source>需求类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="78"/>
        <source>具体主题</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="79"/>
        <source>目录版本</source>
        <translation>Catalogue version</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="80"/>
        <source>服务菜单项</source>
        <translation>Menu item</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="81"/>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="82"/>
        <source>登记时间</source>
        <translation>Registered at</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="83"/>
        <source>办理期限</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="84"/>
        <source>群众评价</source>
        <translation>Villager&apos;s evaluation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="85"/>
        <source>评价说明</source>
        <translation>Evaluation note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="86"/>
        <source>评价时间</source>
        <translation>Evaluated at</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="87"/>
        <source>办理状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="88"/>
        <source>办理结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="89"/>
        <source>所属需求</source>
        <translation>Demand</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="90"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="91"/>
        <source>办理方</source>
        <translation>Handled by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="92"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="93"/>
        <source>层级</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="94"/>
        <source>上级队伍</source>
        <translation>Parent team</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="95"/>
        <source>管理方</source>
        <translation>Managed by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="96"/>
        <source>启用</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="97"/>
        <source>对应村民</source>
        <translation>Villager</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="98"/>
        <source>所属队伍</source>
        <translation>Team</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="99"/>
        <source>志愿者编号</source>
        <translation>Volunteer no.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="100"/>
        <source>特长</source>
        <translation>Skills</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="101"/>
        <source>注册日期</source>
        <translation>Registered on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="102"/>
        <source>活动类型</source>
        <translation>Activity type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="103"/>
        <source>五项工作</source>
        <translation>Five tasks</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="104"/>
        <source>开始时间</source>
        <translation>Starts at</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="105"/>
        <source>结束时间</source>
        <translation>Ends at</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="106"/>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="107"/>
        <source>参与人数</source>
        <translation>Audience</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="108"/>
        <source>活动简介</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="109"/>
        <source>关联需求</source>
        <translation>Linked demands</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="110"/>
        <source>所属活动</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="111"/>
        <source>志愿者</source>
        <translation>Volunteer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="112"/>
        <source>休息分钟数</source>
        <translation>Break (minutes)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="113"/>
        <source>计入时长（分钟）</source>
        <translation>Credited (minutes)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="114"/>
        <source>更正的记录</source>
        <translation>Corrected entry</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="115"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="116"/>
        <source>分值</source>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="117"/>
        <source>文件名</source>
        <translation>File name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="118"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="119"/>
        <source>网格名称</source>
        <translation>Grid name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="120"/>
        <source>队伍名称</source>
        <translation>Team name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="121"/>
        <source>站点名称</source>
        <translation>Station name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="122"/>
        <source>需求标题</source>
        <translation>Demand title</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="123"/>
        <source>活动名称</source>
        <translation>Activity name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="124"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="125"/>
        <source>队长</source>
        <translation>Leader</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="126"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="127"/>
        <source>认定人</source>
        <translation>Certified by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="128"/>
        <source>星级标准</source>
        <translation>Star scheme</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="129"/>
        <source>颁发单位</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="130"/>
        <source>星级</source>
        <translation>Stars</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="131"/>
        <source>表彰名称</source>
        <translation>Commendation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/common/record_labels.py" line="132"/>
        <source>表彰级别</source>
        <translation>Level of commendation</translation>
    </message>
</context>
<context>
    <name>FigureRecordsDialog</name>
    <message>
        <location filename="../../desktop/ui/statistics/records_dialog.py" line="94"/>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/records_dialog.py" line="97"/>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/records_dialog.py" line="100"/>
        <source>需求编号</source>
        <translation>Demand number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/records_dialog.py" line="100"/>
        <source>登记日期</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/records_dialog.py" line="100"/>
        <source>需求内容</source>
        <translation>Demand</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/records_dialog.py" line="100"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/records_dialog.py" line="101"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/records_dialog.py" line="101"/>
        <source>办理期限</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/records_dialog.py" line="101"/>
        <source>办结日期</source>
        <translation>Resolved on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/records_dialog.py" line="101"/>
        <source>评价</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/records_dialog.py" line="104"/>
        <source>开始日期</source>
        <translation>Start date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/records_dialog.py" line="104"/>
        <source>活动名称</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/records_dialog.py" line="104"/>
        <source>活动类型</source>
        <translation>Activity type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/records_dialog.py" line="104"/>
        <source>活动地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/records_dialog.py" line="105"/>
        <source>参与群众（人次）</source>
        <translation>Audience (visits)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/records_dialog.py" line="111"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/records_dialog.py" line="144"/>
        <source>条需求</source>
        <translation>demands</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/records_dialog.py" line="144"/>
        <source>场活动</source>
        <translation>activities</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/records_dialog.py" line="146"/>
        <source>共 {0} {1}；按 Enter 或双击打开一条。</source>
        <translation>{0} {1}; press Enter or double-click to open one.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/records_dialog.py" line="148"/>
        <source>没有记录。</source>
        <translation>No records.</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../desktop/ui/settings/first_run_dialog.py" line="149"/>
        <source>欢迎使用联络员工作台</source>
        <translation>Welcome to the Liaison Officer Workbench</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/first_run_dialog.py" line="154"/>
        <source>设置本站</source>
        <translation>Set up this station</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/first_run_dialog.py" line="162"/>
        <source>这台电脑上还没有站点信息。请填写本站的基本情况，以后可以在“设置”中修改。只想先看看程序怎么用，可以打开演示数据（与正式数据分开保存）。</source>
        <translation>This computer has no station details yet. Please fill in the basics of this station; you can change them later in &quot;Settings&quot;. To just look around first, open the demo data (kept apart from real data).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/first_run_dialog.py" line="179"/>
        <source>保存并开始使用</source>
        <translation>Save and start</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/first_run_dialog.py" line="181"/>
        <source>打开演示数据</source>
        <translation>Open demo data</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/first_run_dialog.py" line="182"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>FoldersBox</name>
    <message>
        <location filename="../../desktop/ui/settings/folders_box.py" line="18"/>
        <source>数据与日志</source>
        <translation>Data and logs</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/folders_box.py" line="22"/>
        <source>数据文件夹</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/folders_box.py" line="23"/>
        <source>日志文件</source>
        <translation>Log file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/folders_box.py" line="28"/>
        <source>打开文件夹</source>
        <translation>Open folder</translation>
    </message>
</context>
<context>
    <name>FollowUpDialog</name>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="223"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/detail_dialog.py" line="251"/>
        <source>继续填写</source>
        <translation>Keep editing</translation>
    </message>
</context>
<context>
    <name>HoursCertificate</name>
    <message>
        <location filename="../../desktop/ui/volunteers/certificate.py" line="26"/>
        <source>志愿服务时长证明</source>
        <translation>Certificate of volunteer service hours</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/certificate.py" line="27"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/certificate.py" line="28"/>
        <source>性别</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/certificate.py" line="29"/>
        <source>身份证号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/certificate.py" line="30"/>
        <source>志愿者编号</source>
        <translation>Volunteer number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/certificate.py" line="31"/>
        <source>所属队伍</source>
        <translation>Team</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/certificate.py" line="32"/>
        <source>注册日期</source>
        <translation>Registered on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/certificate.py" line="33"/>
        <source>兹证明，{0}于 {1} 至 {2} 期间在本站参加志愿服务活动 {3} 场，累计服务 {4} 小时（按签到签退时间计算，不含往返路途时间）。</source>
        <translation>This is to certify that {0} took part in {3} volunteer service activities at this station from {1} to {2}, serving {4} hours in total (from check-in to check-out, travel not counted).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/certificate.py" line="38"/>
        <source>兹证明，{0}尚未在本站登记志愿服务时长。</source>
        <translation>This is to certify that {0} has no service hours recorded at this station yet.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/certificate.py" line="39"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/certificate.py" line="40"/>
        <source>活动名称</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/certificate.py" line="41"/>
        <source>服务时长（小时）</source>
        <translation>Hours</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/certificate.py" line="42"/>
        <source>此前另有 {0} 场活动，共 {1} 小时</source>
        <translation>{0} earlier activities, {1} hours in all</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/certificate.py" line="43"/>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/certificate.py" line="44"/>
        <source>本证明依据本站志愿服务记录出具（谁组织谁记录、谁记录谁证明），仅证明所列服务时长。</source>
        <translation>Issued from this station&apos;s own service records (whoever organises records, whoever records certifies); it certifies the hours listed only.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/certificate.py" line="48"/>
        <source>经办人（签字）：</source>
        <translation>Handled by (signature):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/certificate.py" line="49"/>
        <source>出具单位（盖章）：</source>
        <translation>Issued by (stamp):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/certificate.py" line="50"/>
        <source>{0}年{1}月{2}日</source>
        <translation>{0}-{1}-{2}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/certificate.py" line="51"/>
        <source>无法保存“{0}”：{1}</source>
        <translation>Cannot save “{0}”: {1}</translation>
    </message>
</context>
<context>
    <name>ImportRowsTableModel</name>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="91"/>
        <source>可导入</source>
        <translation>Can import</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="92"/>
        <source>将更新</source>
        <translation>Will update</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="93"/>
        <source>将跳过</source>
        <translation>Will skip</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="94"/>
        <source>将拒绝</source>
        <translation>Will reject</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="95"/>
        <source>已导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="96"/>
        <source>已更新</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="97"/>
        <source>已跳过</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="98"/>
        <source>已拒绝</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="180"/>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="180"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="180"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="180"/>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contacts/import_dialog.py" line="204"/>
        <source>{0}（有提醒）</source>
        <translation>{0} (see note)</translation>
    </message>
</context>
<context>
    <name>LeaderDialog</name>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="311"/>
        <source>设置队长</source>
        <translation>Set leader</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="311"/>
        <source>队伍：{0}</source>
        <translation>Team: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="314"/>
        <source>（不设队长）</source>
        <translation>(no leader)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="317"/>
        <source>队长</source>
        <translation>Leader</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="64"/>
        <source>联络员工作台</source>
        <translation>Liaison Officer Workbench</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="127"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="136"/>
        <source>未注册</source>
        <translation>Not enrolled</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="138"/>
        <source>同步中…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="140"/>
        <source>尚未连接</source>
        <translation>Not connected yet</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="142"/>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="142"/>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="146"/>
        <source>上次同步 {0}</source>
        <translation>Last sync {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="148"/>
        <source>尚未同步</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="156"/>
        <source>{0}（点击查看同步详情）</source>
        <translation>{0} (click for sync details)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="181"/>
        <source>无待上报</source>
        <translation>Nothing to report</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="183"/>
        <source>待上报：{0}</source>
        <translation>To report: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="185"/>
        <source>待上报 {0} 条</source>
        <translation>{0} records to report</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="187"/>
        <source>等待上报县中心的记录：{0}</source>
        <translation>Waiting to be reported to the county: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="189"/>
        <source>。本机在县中心注册以后自动上报。</source>
        <translation>. They are reported once this PC is enrolled with the county.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="238"/>
        <source>{0}还没有保存。要退出程序吗？</source>
        <translation>{0} is not saved yet. Quit the program?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="240"/>
        <source>不保存，退出</source>
        <translation>Quit without saving</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="241"/>
        <source>返回填写</source>
        <translation>Back to the form</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="244"/>
        <source>正在填写的需求登记会留作草稿，下次登记时可以恢复；其他没有保存的修改会丢失。</source>
        <translation>A demand being registered is kept as a draft and offered again next time; other unsaved changes are lost.</translation>
    </message>
</context>
<context>
    <name>MenuOrderDialog</name>
    <message>
        <location filename="../../desktop/ui/demands/menu_order_dialog.py" line="115"/>
        <source>点单：从服务菜单下单</source>
        <translation>Order from menu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/menu_order_dialog.py" line="130"/>
        <source>正在读取服务菜单…</source>
        <translation>Loading the service menu…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/menu_order_dialog.py" line="142"/>
        <source>时间、地点、人数等补充说明（可不填；Ctrl+Enter 下单）</source>
        <translation>Time, place, number of people … (optional; Ctrl+Enter orders)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/menu_order_dialog.py" line="154"/>
        <source>群众</source>
        <translation>Villager</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/menu_order_dialog.py" line="155"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/menu_order_dialog.py" line="156"/>
        <source>需求标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/menu_order_dialog.py" line="157"/>
        <source>补充说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/menu_order_dialog.py" line="158"/>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/menu_order_dialog.py" line="161"/>
        <source>下单</source>
        <translation>Place order</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/menu_order_dialog.py" line="165"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/menu_order_dialog.py" line="170"/>
        <source>县中心发布的服务菜单：</source>
        <translation>Service menu published by the county centre:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/menu_order_dialog.py" line="218"/>
        <source>县中心尚未发布服务菜单。同步后即可点单；现在可以用“登记需求”登记。</source>
        <translation>The county centre has not published a service menu yet. You can order from the menu after a sync; for now use &quot;Register demand&quot;.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/menu_order_dialog.py" line="261"/>
        <source>继续填写</source>
        <translation>Keep editing</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <location filename="../../desktop/ui/common/operations.py" line="100"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <location filename="../../desktop/ui/activities/photos.py" line="98"/>
        <location filename="../../desktop/ui/activities/photos.py" line="220"/>
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/photos.py" line="106"/>
        <source>双击或按 Enter 查看大图</source>
        <translation>Double-click or press Enter to see it full size</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/photos.py" line="107"/>
        <source>添加照片…</source>
        <translation>Add photos…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/photos.py" line="108"/>
        <source>查看</source>
        <translation>View</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/photos.py" line="109"/>
        <source>删除照片</source>
        <translation>Remove photo</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/photos.py" line="150"/>
        <source>未下载</source>
        <translation>Not downloaded</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/photos.py" line="172"/>
        <source>选择照片</source>
        <translation>Choose photos</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/photos.py" line="181"/>
        <source>正在处理照片…</source>
        <translation>Preparing photo…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/photos.py" line="202"/>
        <source>添加照片</source>
        <translation>Add photos</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/photos.py" line="203"/>
        <source>“{0}”不能添加：{1}</source>
        <translation>“{0}” cannot be added: {1}</translation>
    </message>
</context>
<context>
    <name>PhotoViewDialog</name>
    <message>
        <location filename="../../desktop/ui/activities/photos.py" line="62"/>
        <source>这张照片还没有从县中心下载到本机，同步后再看。</source>
        <translation>This photo has not been downloaded from the county yet; see it after the next sync.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/photos.py" line="73"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>PointsDialog</name>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="132"/>
        <source>扣减积分</source>
        <translation>Deduct points</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="132"/>
        <source>增加积分</source>
        <translation>Give points</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="133"/>
        <source>志愿者：{0}</source>
        <translation>Volunteer: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="137"/>
        <source> 分</source>
        <translation> pts</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="141"/>
        <source>如：违反志愿服务约定</source>
        <translation>e.g. broke the volunteers&apos; agreement</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="141"/>
        <source>如：帮助组织重阳节活动</source>
        <translation>e.g. helped organise the Double Ninth event</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="144"/>
        <source>分值</source>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="144"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>RedeemDialog</name>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="167"/>
        <source>兑换礼遇</source>
        <translation>Redeem a reward</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="168"/>
        <source>志愿者：{0}，积分余额 {1} 分</source>
        <translation>Volunteer: {0}, balance {1} points</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="173"/>
        <source>请选择礼遇</source>
        <translation>Choose a reward</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="176"/>
        <source>{0}（{1} 分）</source>
        <translation>{0} ({1} pts)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="179"/>
        <source>礼遇</source>
        <translation>Reward</translation>
    </message>
</context>
<context>
    <name>RequesterFields</name>
    <message>
        <location filename="../../desktop/ui/demands/requester.py" line="108"/>
        <source>输入姓名、拼音首字母或电话查找；新村民直接填写</source>
        <translation>Search name, pinyin initials or phone, or type a new villager</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/requester.py" line="116"/>
        <location filename="../../desktop/ui/demands/requester.py" line="229"/>
        <source>手机或座机（带区号），可不填</source>
        <translation>Mobile or landline with area code (optional)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/requester.py" line="111"/>
        <source>匿名(&amp;N)</source>
        <translation>A&amp;nonymous</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/requester.py" line="112"/>
        <source>不留姓名和电话（Alt+N）</source>
        <translation>No name or phone kept (Alt+N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/requester.py" line="117"/>
        <source>同时加入村民通讯录(&amp;T)</source>
        <translation>Also add &amp;to the contact book</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/requester.py" line="118"/>
        <source>新村民同时加入村民通讯录（Alt+T）</source>
        <translation>Add a new villager to the contact book too (Alt+T)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/requester.py" line="209"/>
        <source>已选通讯录村民：{0}</source>
        <translation>Villager from the contact book: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/requester.py" line="227"/>
        <source>不填则用通讯录中的电话</source>
        <translation>Leave empty to use the phone in the contact book</translation>
    </message>
</context>
<context>
    <name>ServiceHoursDialog</name>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="156"/>
        <source>服务时长</source>
        <translation>Service hours</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="165"/>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="212"/>
        <source>志愿者</source>
        <translation>Volunteers</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="166"/>
        <source>签到</source>
        <translation>Check-in</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="167"/>
        <source>签退</source>
        <translation>Check-out</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="168"/>
        <source>休息（分钟）</source>
        <translation>Break (min)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="169"/>
        <source>计入时长（小时）</source>
        <translation>Credited (h)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="170"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="181"/>
        <source>更正所选记录…</source>
        <translation>Correct selected record…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="183"/>
        <source>按规则结算积分</source>
        <translation>Give points by the rules</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="185"/>
        <source>按县中心的积分规则，给本次活动的志愿者记积分（每人每场只记一次）</source>
        <translation>Give this activity&apos;s volunteers their points by the county&apos;s rules (once per person and activity)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="190"/>
        <source>签到签退</source>
        <translation>Sign in and out</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="195"/>
        <source>志愿者姓名、拼音首字母或电话号码</source>
        <translation>Volunteer&apos;s name, pinyin initials or phone digits</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="205"/>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="206"/>
        <source>登记时长</source>
        <translation>Record hours</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="207"/>
        <source>登记所选志愿者的服务时长（Enter）</source>
        <translation>Record the chosen volunteer&apos;s service hours (Enter)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="217"/>
        <source>签到时间</source>
        <translation>Check-in</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="218"/>
        <source>签退时间</source>
        <translation>Check-out</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="219"/>
        <source>中间休息</source>
        <translation>Breaks</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="225"/>
        <source>只计现场服务的时间，路途时间不计；按半小时向下取整。</source>
        <translation>Only time served on site counts, never travel; rounded down to half hours.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="236"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="327"/>
        <source>&lt;b&gt;{0}&lt;/b&gt;&#x3000;{1} 至 {2}</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;  {1} to {2}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="334"/>
        <source>{0} 位志愿者，共 {1} 小时</source>
        <translation>{0} volunteers, {1} hours in total</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="342"/>
        <source>&#x3000;└ 更正</source>
        <translation>  └ correction</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="383"/>
        <source>已为 {0} 位志愿者记积分。</source>
        <translation>Points given to {0} volunteers.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="385"/>
        <source>本次活动的积分都已记过。</source>
        <translation>This activity&apos;s points have all been given.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="408"/>
        <source>&#x3000;村民，登记时同时注册为志愿者</source>
        <translation>  villager: registered as a volunteer on signing in</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="422"/>
        <source>请先选择志愿者</source>
        <translation>Choose a volunteer first</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/activities/hours_dialog.py" line="444"/>
        <source>已登记 {0} 的服务时长。</source>
        <translation>Recorded {0}&apos;s service hours.</translation>
    </message>
</context>
<context>
    <name>ServiceMenuTableModel</name>
    <message>
        <location filename="../../desktop/ui/demands/menu_order_dialog.py" line="78"/>
        <source>服务项目</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/menu_order_dialog.py" line="78"/>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/demands/menu_order_dialog.py" line="78"/>
        <source>提供方</source>
        <translation>Provider</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="40"/>
        <source>请填写县中心服务器地址，如 https://wmsj.example.gov.cn</source>
        <translation>Enter the county centre&apos;s server address, e.g. https://wmsj.example.gov.cn</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="45"/>
        <source>服务器地址应以 https:// 开头，如 https://wmsj.example.gov.cn</source>
        <translation>The server address should start with https://, e.g. https://wmsj.example.gov.cn</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="56"/>
        <source>代理地址应类似 http://10.0.0.1:8080（不用代理请留空）</source>
        <translation>The proxy address should look like http://10.0.0.1:8080 (leave empty for no proxy)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="64"/>
        <source>找不到这个证书文件，请重新选择</source>
        <translation>Certificate file not found; please choose it again</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/page.py" line="35"/>
        <location filename="../../desktop/ui/settings/page.py" line="62"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>SquadDialog</name>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="280"/>
        <source>新建小队</source>
        <translation>New squad</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="283"/>
        <source>如：红旗村文艺志愿服务小队</source>
        <translation>e.g. Hongqi village arts volunteer squad</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="285"/>
        <source>（不属于上级队伍）</source>
        <translation>(no parent team)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="290"/>
        <source>队伍名称</source>
        <translation>Team name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="291"/>
        <source>上级队伍</source>
        <translation>Parent team</translation>
    </message>
</context>
<context>
    <name>StarAwardDialog</name>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="194"/>
        <source>星级认定</source>
        <translation>Star certification</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="195"/>
        <source>志愿者：{0}。按服务时长可认定到 {1} 星；认定后记录在案。</source>
        <translation>Volunteer: {0}. The hours allow up to {1} stars; the certification is kept on record.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="205"/>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="209"/>
        <source>如：合隆镇新时代文明实践所</source>
        <translation>e.g. Helong township practice institute</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="213"/>
        <source>星级</source>
        <translation>Stars</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="214"/>
        <source>认定日期</source>
        <translation>Certified on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="215"/>
        <source>认定单位</source>
        <translation>Certified by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/action_dialogs.py" line="216"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>StationBox</name>
    <message>
        <location filename="../../desktop/ui/settings/station_box.py" line="36"/>
        <source>本站信息</source>
        <translation>Station information</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/station_box.py" line="41"/>
        <source>保存本站信息</source>
        <translation>Save station details</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/station_box.py" line="75"/>
        <source>已保存，下次同步时报送县中心。</source>
        <translation>Saved; sent to the county centre at the next sync.</translation>
    </message>
</context>
<context>
    <name>StationForm</name>
    <message>
        <location filename="../../desktop/ui/settings/first_run_dialog.py" line="49"/>
        <source>如：陈家店村新时代文明实践站</source>
        <translation>e.g. Chenjiadian Village New Era Civilisation Practice Station</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/first_run_dialog.py" line="51"/>
        <source>12 位数字，如 220122105201</source>
        <translation>12 digits, e.g. 220122105201</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/first_run_dialog.py" line="55"/>
        <source>如：合隆镇</source>
        <translation>e.g. Helong Town</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/first_run_dialog.py" line="57"/>
        <source>如：农安县</source>
        <translation>e.g. Nong&apos;an County</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/first_run_dialog.py" line="59"/>
        <source>如：0431-84561234</source>
        <translation>e.g. 0431-84561234</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/first_run_dialog.py" line="67"/>
        <source>站点名称</source>
        <translation>Station name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/first_run_dialog.py" line="68"/>
        <source>统计用区划代码</source>
        <translation>Statistical division code</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/first_run_dialog.py" line="69"/>
        <source>所属乡镇</source>
        <translation>Township</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/first_run_dialog.py" line="70"/>
        <source>所属县（市、区）</source>
        <translation>County (city, district)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/first_run_dialog.py" line="71"/>
        <source>站点电话</source>
        <translation>Station phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/first_run_dialog.py" line="74"/>
        <source>国家统计局公布的本村代码：6 位县 + 3 位乡镇 + 3 位村</source>
        <translation>The village&apos;s code from the National Bureau of Statistics: 6 digits county + 3 township + 3 village</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/first_run_dialog.py" line="75"/>
        <source>印在回执上，群众打这个电话询问办理进度（可以以后再填）</source>
        <translation>Printed on receipts: villagers call it to ask about progress (can be filled in later)</translation>
    </message>
</context>
<context>
    <name>StatisticsCharts</name>
    <message>
        <location filename="../../desktop/ui/statistics/charts.py" line="32"/>
        <source>{0}月</source>
        <translation>{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/charts.py" line="33"/>
        <source>月</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/charts.py" line="34"/>
        <source>每月需求与活动（{0}）</source>
        <translation>Demands and activities by month ({0})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/charts.py" line="35"/>
        <source>受理量</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/charts.py" line="36"/>
        <source>办结量</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/charts.py" line="37"/>
        <source>活动场次</source>
        <translation>Activities</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/charts.py" line="38"/>
        <source>需求类别占比（{0}）</source>
        <translation>Demands by category ({0})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/charts.py" line="39"/>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/charts.py" line="40"/>
        <source>需求类别占比（{0}无需求）</source>
        <translation>Demands by category (none in {0})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/charts.py" line="41"/>
        <source>办结率与满意率走势（{0}）</source>
        <translation>Resolution and satisfaction rates ({0})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/charts.py" line="42"/>
        <source>办结率</source>
        <translation>Resolution rate</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/charts.py" line="43"/>
        <source>满意率</source>
        <translation>Satisfaction rate</translation>
    </message>
</context>
<context>
    <name>StatisticsPage</name>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="85"/>
        <source>月报</source>
        <translation>Monthly</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="85"/>
        <source>季报</source>
        <translation>Quarterly</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="85"/>
        <source>年报</source>
        <translation>Yearly</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="85"/>
        <source>自定义期间</source>
        <translation>Custom range</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="88"/>
        <source>报表类型</source>
        <translation>Report type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="90"/>
        <source>统计期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="95"/>
        <source>开始日期</source>
        <translation>Start date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="95"/>
        <source>结束日期</source>
        <translation>End date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="100"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="101"/>
        <source>统计</source>
        <translation>Compute</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="102"/>
        <source>导出 Excel…</source>
        <translation>Export Excel…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="103"/>
        <source>导出 PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="104"/>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="105"/>
        <source>导出台账…</source>
        <translation>Export ledger…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="128"/>
        <source>指标</source>
        <translation>Figure</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="128"/>
        <source>本期</source>
        <translation>This period</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="128"/>
        <source>上期</source>
        <translation>Previous period</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="128"/>
        <source>较上期</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="129"/>
        <source>去年同期</source>
        <translation>Same period last year</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="129"/>
        <source>较去年同期</source>
        <translation>Change on last year</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="143"/>
        <source>图表</source>
        <translation>Charts</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="158"/>
        <source>统计报表</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="202"/>
        <source>结束日期不能早于开始日期，请重新选择。</source>
        <translation>The end date cannot be before the start date; please choose again.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="208"/>
        <source>下面仍是{0}的报表。</source>
        <translation>The report below is still that of {0}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="215"/>
        <source>正在统计{0}…</source>
        <translation>Computing {0}…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="226"/>
        <source>{0}&#x3000;上期：{1}&#x3000;去年同期：{2}</source>
        <translation>{0}   Previous period: {1}   Same period last year: {2}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="230"/>
        <source>本期没有需求、活动和新注册志愿者的记录。</source>
        <translation>No demands, activities or new volunteers in this period.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="343"/>
        <location filename="../../desktop/ui/statistics/page.py" line="414"/>
        <source>Excel 表格 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="343"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="346"/>
        <source>保存统计报表</source>
        <translation>Save the statistics report</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="361"/>
        <source>（{0} 页）</source>
        <translation> ({0} pages)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="364"/>
        <source>无法保存到“{0}”：{1}</source>
        <translation>Cannot save to “{0}”: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="366"/>
        <source>已保存统计报表{0}：{1}</source>
        <translation>Statistics report saved{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="378"/>
        <source>群众需求台账</source>
        <translation>Demand ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="379"/>
        <source>实践活动台账</source>
        <translation>Activity ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="380"/>
        <source>志愿服务台账</source>
        <translation>Service-hours ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="393"/>
        <source>导出台账</source>
        <translation>Export a ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="394"/>
        <source>导出哪一本台账？</source>
        <translation>Which ledger?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="399"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="401"/>
        <source>统计期间：{0}</source>
        <translation>Period: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="432"/>
        <source>已导出 {0} 行到 {1}</source>
        <translation>Exported {0} rows to {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/page.py" line="440"/>
        <source>正在导出台账…</source>
        <translation>Exporting the ledger…</translation>
    </message>
</context>
<context>
    <name>StatisticsPaper</name>
    <message>
        <location filename="../../desktop/ui/statistics/report_pdf.py" line="30"/>
        <source>图表</source>
        <translation>Charts</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/report_pdf.py" line="31"/>
        <source>本期没有需求、活动和新注册志愿者的记录。</source>
        <translation>No demands, activities or new volunteers in this period.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/report_pdf.py" line="32"/>
        <source>本站</source>
        <translation>This station</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/report_pdf.py" line="33"/>
        <source>统计报表</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/report_pdf.py" line="34"/>
        <source>指标</source>
        <translation>Figure</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/report_pdf.py" line="35"/>
        <source>本期</source>
        <translation>This period</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/report_pdf.py" line="36"/>
        <source>上期</source>
        <translation>Previous period</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/report_pdf.py" line="37"/>
        <source>较上期</source>
        <translation>vs. previous</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/report_pdf.py" line="38"/>
        <source>较去年同期</source>
        <translation>vs. last year</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/report_pdf.py" line="39"/>
        <source>去年同期</source>
        <translation>Same period last year</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/statistics/report_pdf.py" line="40"/>
        <source>本期无数据</source>
        <translation>No data in this period</translation>
    </message>
</context>
<context>
    <name>SyncBox</name>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="80"/>
        <source>与县中心同步</source>
        <translation>Sync with the county centre</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="89"/>
        <source>县中心提供的地址，如 https://wmsj.example.gov.cn</source>
        <translation>Address from the county centre, e.g. https://wmsj.example.gov.cn</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="94"/>
        <source>县中心使用自建证书时才需要</source>
        <translation>Only needed if the county centre uses its own certificate</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="95"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="101"/>
        <source>一般不用填；单位网络要求时填写，如 http://10.0.0.1:8080</source>
        <translation>Usually empty; fill in if your office network needs one, e.g. http://10.0.0.1:8080</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="104"/>
        <source>保存连接设置</source>
        <translation>Save connection settings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="114"/>
        <source>县中心给的一次性注册码，如 ABCD-EFGH-JKLM</source>
        <translation>One-time enrolment code from the county centre, e.g. ABCD-EFGH-JKLM</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="115"/>
        <location filename="../../desktop/ui/settings/sync_box.py" line="270"/>
        <source>注册</source>
        <translation>Enrol</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="121"/>
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="123"/>
        <source>CA 证书文件</source>
        <translation>CA certificate file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="125"/>
        <source>代理服务器</source>
        <translation>Proxy server</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="130"/>
        <source>注册码</source>
        <translation>Enrolment code</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="140"/>
        <source>选择县中心的 CA 证书文件</source>
        <translation>Choose the county centre&apos;s CA certificate file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="142"/>
        <source>证书文件 (*.pem *.crt *.cer);;所有文件 (*)</source>
        <translation>Certificate files (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="177"/>
        <source>没有保存：{0}</source>
        <translation>Not saved: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="180"/>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="188"/>
        <source>请填写县中心提供的注册码</source>
        <translation>Enter the enrolment code from the county centre</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="204"/>
        <source>本机已经注册为“{0}”的设备。用新的注册码重新注册后，本机将作为一台新设备与县中心同步，原来的注册作废。继续吗？</source>
        <translation>This computer is already enrolled as a device of &quot;{0}&quot;. After enrolling again with a new code it syncs with the county centre as a new device, and the old enrolment is void. Continue?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="208"/>
        <location filename="../../desktop/ui/settings/sync_box.py" line="272"/>
        <source>重新注册</source>
        <translation>Enrol again</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="209"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="230"/>
        <source>正在向县中心注册…</source>
        <translation>Enrolling with the county centre…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="257"/>
        <source>注册信息没有保存：{0}</source>
        <translation>Enrolment details not saved: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="267"/>
        <source>本机还没有在县中心注册。填好服务器地址，再输入县中心给的注册码，点“注册”。</source>
        <translation>This computer is not enrolled with the county centre yet. Fill in the server address, enter the code from the county centre and click &quot;Enrol&quot;.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="273"/>
        <source>本机已注册为“{0}”（{1}）的设备，设备编号 {2}。</source>
        <translation>This computer is enrolled as a device of &quot;{0}&quot; ({1}), device no. {2}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="279"/>
        <source>但县中心不再接受本机的注册（可能已被注销）。本机数据都还在；请向县中心申请新的注册码，填入下面后点“重新注册”。</source>
        <translation>But the county centre no longer accepts this computer&apos;s enrolment (it may have been revoked). All data on this computer is still there; ask the county centre for a new code, enter it below and click &quot;Enrol again&quot;.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/sync_box.py" line="288"/>
        <source>注意：本站填写的区划代码 {0} 与县中心登记的村不一致，请核对。</source>
        <translation>Note: this station&apos;s division code {0} does not match the village registered at the county centre. Please check.</translation>
    </message>
</context>
<context>
    <name>SyncConflictTableModel</name>
    <message>
        <location filename="../../desktop/ui/sync/issue_table_model.py" line="21"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/issue_table_model.py" line="23"/>
        <source>内容</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/issue_table_model.py" line="27"/>
        <source>本机的值（已采用）</source>
        <translation>Value here (kept)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/issue_table_model.py" line="28"/>
        <source>县中心原来的值</source>
        <translation>County centre&apos;s previous value</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/issue_table_model.py" line="30"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../desktop/ui/sync/controller.py" line="125"/>
        <source>本机还没有在县中心注册。请到“设置”页填写服务器地址和注册码。</source>
        <translation>This computer is not enrolled with the county centre yet. Enter the server address and enrolment code on the &quot;Settings&quot; page.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/controller.py" line="135"/>
        <source>计划任务正在与县中心同步，请稍等一会儿再点“立即同步”。</source>
        <translation>A scheduled task is syncing with the county; wait a moment, then click &quot;Sync now&quot; again.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/controller.py" line="153"/>
        <source>正在与县中心同步…</source>
        <translation>Syncing with the county centre…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/controller.py" line="199"/>
        <source>正在导出同步包…</source>
        <translation>Writing the sync package…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/controller.py" line="208"/>
        <source>正在与县中心同步，请等同步结束后再导入回执包。</source>
        <translation>A sync with the county is running. Import the answer package when it has finished.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/controller.py" line="241"/>
        <source>正在导入回执包…</source>
        <translation>Importing the answer package…</translation>
    </message>
</context>
<context>
    <name>SyncHeldTableModel</name>
    <message>
        <location filename="../../desktop/ui/sync/issue_table_model.py" line="70"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/issue_table_model.py" line="71"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/issue_table_model.py" line="72"/>
        <source>怎么办</source>
        <translation>What to do</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/issue_table_model.py" line="74"/>
        <source>首次收到</source>
        <translation>First received</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/issue_table_model.py" line="78"/>
        <source>已试次数</source>
        <translation>Tries</translation>
    </message>
</context>
<context>
    <name>SyncLogTableModel</name>
    <message>
        <location filename="../../desktop/ui/sync/log_table_model.py" line="18"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/log_table_model.py" line="19"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/log_table_model.py" line="21"/>
        <source>方式</source>
        <translation>Started</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/log_table_model.py" line="22"/>
        <source>手动</source>
        <translation>Manually</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/log_table_model.py" line="22"/>
        <source>自动</source>
        <translation>Automatically</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/log_table_model.py" line="25"/>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/log_table_model.py" line="29"/>
        <source>成功</source>
        <translation>Succeeded</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/log_table_model.py" line="29"/>
        <source>未完成</source>
        <translation>Not completed</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="85"/>
        <source>本机时钟比县中心服务器快约 {0} 分钟。</source>
        <translation>This computer&apos;s clock is about {0} minutes ahead of the county centre&apos;s server.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="87"/>
        <source>本机时钟比县中心服务器慢约 {0} 分钟。</source>
        <translation>This computer&apos;s clock is about {0} minutes behind the county centre&apos;s server.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="88"/>
        <source>同步不受影响，但登记时间会按本机时钟记录，请校准电脑的日期和时间。</source>
        <translation> Sync still works, but registration times are recorded by this computer&apos;s clock; please correct the computer&apos;s date and time.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="160"/>
        <source>与县中心同步</source>
        <translation>Sync with the county centre</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="166"/>
        <source>同步状态</source>
        <translation>Sync status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="183"/>
        <source>本机：</source>
        <translation>This computer:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="184"/>
        <source>连接：</source>
        <translation>Connection:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="185"/>
        <source>待上报：</source>
        <translation>Waiting to upload:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="186"/>
        <source>上次成功同步：</source>
        <translation>Last successful sync:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="187"/>
        <source>上次出错：</source>
        <translation>Last error:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="192"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="196"/>
        <source>导出同步包…</source>
        <translation>Export sync package…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="198"/>
        <source>没有网络时用：把待上报的记录（连同照片）存成一个文件，用U盘交给县中心导入</source>
        <translation>Without a connection: save the records waiting to be reported (with their photos) as one file and take it to the county on a USB stick</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="201"/>
        <source>导入回执包…</source>
        <translation>Import answer package…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="202"/>
        <source>县中心导入同步包后会给一个回执包，在这里导入</source>
        <translation>Once the county has imported the sync package it gives you an answer package: import it here</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="219"/>
        <source>每次同步的详细经过记在日志文件里：{0}</source>
        <translation>The details of every sync are in the log file: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="224"/>
        <source>同步记录</source>
        <translation>Sync history</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="228"/>
        <source>下面这些内容，本机和县中心在同一时间段都修改过。按照“后到为准”，县中心已采用本机的值，原来的值列在右边供核对；如果原来的值才对，请到对应的记录里改回来。</source>
        <translation>The fields below were changed both here and at the county centre in the same period. Following &quot;last change wins&quot;, the county centre kept the value from this computer; the previous value is shown on the right for checking. If the previous value was right, change it back in the record.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="236"/>
        <source>县中心没有接受下面这些修改，原因写在“县中心的说明”里。其他记录照常同步，不受影响；如有疑问请联系县中心。</source>
        <translation>The county centre did not accept the changes below; the reason is in &quot;County centre&apos;s note&quot;. Other records sync as usual; if in doubt, contact the county centre.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="248"/>
        <source>下面这些记录是县中心发来的，本机暂时无法接收，原因写在“原因”里；其他记录照常同步，不受影响。每次同步都会自动再试，能接收时就自动收下，“怎么办”一栏说明是否需要您做什么。</source>
        <translation>The county sent these records, but this PC cannot take them in yet; the reason is under “Reason”. Everything else syncs as usual. Every sync tries them again and takes them in as soon as it can; “What to do” says whether anything is needed from you.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="283"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="290"/>
        <source>已注册为“{0}”（{1}）的设备</source>
        <translation>Enrolled as a device of &quot;{0}&quot; ({1})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="296"/>
        <source>还没有在县中心注册。请到“设置”页填写服务器地址和注册码。</source>
        <translation>Not enrolled with the county centre yet. Enter the server address and enrolment code on the &quot;Settings&quot; page.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="299"/>
        <source>县中心不再接受本机的注册，请到“设置”页重新注册</source>
        <translation>The county centre no longer accepts this computer&apos;s enrolment; enrol again on the &quot;Settings&quot; page</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="301"/>
        <source>未注册</source>
        <translation>Not enrolled</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="303"/>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="305"/>
        <source>尚未连接</source>
        <translation>Not connected yet</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="307"/>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="307"/>
        <source>离线（网络恢复后自动上报）</source>
        <translation>Offline (uploads automatically when the network is back)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="309"/>
        <source>{0} 条</source>
        <translation>{0} records</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="313"/>
        <source>尚未同步过</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="315"/>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="328"/>
        <source>同步包存到（可以直接存到U盘）</source>
        <translation>Save the sync package to (a USB stick will do)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="330"/>
        <source>同步包 (*{0})</source>
        <translation>Sync package (*{0})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="343"/>
        <source>{0}。

文件：{1}

请把它交给县中心导入，再把县中心给的回执包用“导入回执包”导入。</source>
        <translation>{0}.

File: {1}

Take it to the county to be imported, then import the answer package the county gives you with “Import answer package”.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="352"/>
        <source>选择县中心给的回执包</source>
        <translation>Choose the answer package from the county</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="354"/>
        <source>回执包 (*{0});;所有文件 (*)</source>
        <translation>Answer package (*{0});;All files (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="366"/>
        <source>已导入回执包：{0}</source>
        <translation>Answer package imported: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="407"/>
        <source>冲突（{0}）</source>
        <translation>Conflicts ({0})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="408"/>
        <source>被退回（{0}）</source>
        <translation>Refused ({0})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="409"/>
        <source>暂未接收（{0}）</source>
        <translation>Not taken in yet ({0})</translation>
    </message>
</context>
<context>
    <name>SyncRejectionTableModel</name>
    <message>
        <location filename="../../desktop/ui/sync/issue_table_model.py" line="48"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/issue_table_model.py" line="49"/>
        <source>修改的内容</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/issue_table_model.py" line="50"/>
        <source>县中心的说明</source>
        <translation>County centre&apos;s note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/issue_table_model.py" line="52"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
</context>
<context>
    <name>VolunteerDialog</name>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="90"/>
        <source>志愿者</source>
        <translation>Volunteers</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="99"/>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="102"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="99"/>
        <source>活动</source>
        <translation>Activity</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="99"/>
        <source>计入时长（小时）</source>
        <translation>Credited (h)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="99"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="102"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="102"/>
        <source>分值</source>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="102"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="105"/>
        <source>认定日期</source>
        <translation>Certified on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="105"/>
        <source>星级</source>
        <translation>Stars</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="105"/>
        <source>认定单位</source>
        <translation>Certified by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="105"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="108"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="108"/>
        <source>表彰名称</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="108"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="108"/>
        <source>颁发单位</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="110"/>
        <source>加分…</source>
        <translation>Give points…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="111"/>
        <source>扣分…</source>
        <translation>Deduct points…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="112"/>
        <source>兑换礼遇…</source>
        <translation>Redeem…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="113"/>
        <source>星级认定…</source>
        <translation>Certify star…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="114"/>
        <source>登记表彰…</source>
        <translation>Record commendation…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="115"/>
        <source>时长证明（PDF）…</source>
        <translation>Hours certificate (PDF)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="116"/>
        <source>保存一页 A4 的志愿服务时长证明，打印后签字盖章</source>
        <translation>Save a one-page A4 certificate of service hours, to print, sign and stamp</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="127"/>
        <source>服务记录</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="131"/>
        <source>积分</source>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="136"/>
        <source>星级认定</source>
        <translation>Star certification</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="138"/>
        <source>表彰</source>
        <translation>Commendations</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="145"/>
        <source>星级与表彰</source>
        <translation>Stars and honours</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="148"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="205"/>
        <source>志愿者：{0}</source>
        <translation>Volunteer: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="208"/>
        <source>&lt;b&gt;{0}&lt;/b&gt;&#x3000;电话 {1}&#x3000;队伍 {2}&#x3000;特长 {3}</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;  phone {1}  team {2}  skills {3}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="214"/>
        <source>已达五星</source>
        <translation>Five stars reached</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="216"/>
        <source>距下一星还差 {0} 小时</source>
        <translation>{0} hours to the next star</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="220"/>
        <source>累计服务 {0} 小时（今年 {1} 小时）&#x3000;可认定 {2}&#x3000;已认定 {3}&#x3000;{4}&#x3000;积分 {5} 分
星级标准：{6}</source>
        <translation>Served {0} hours ({1} this year)  allowed {2}  certified {3}  {4}  points {5}
Star scheme: {6}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="239"/>
        <source>更正：{0}</source>
        <translation>Correction: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="263"/>
        <source>服务时长还不够认定更高的星级</source>
        <translation>Not enough hours for a higher star</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="269"/>
        <source>获得</source>
        <translation>Earned</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="269"/>
        <source>兑换</source>
        <translation>Redeemed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="269"/>
        <source>调整</source>
        <translation>Adjusted</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="311"/>
        <source>志愿服务时长证明-{0}.pdf</source>
        <translation>service-hours-{0}.pdf</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="313"/>
        <source>保存志愿服务时长证明</source>
        <translation>Save certificate of service hours</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/detail_dialog.py" line="313"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
</context>
<context>
    <name>VolunteerFormDialog</name>
    <message>
        <location filename="../../desktop/ui/volunteers/form_dialog.py" line="48"/>
        <source>登记志愿者</source>
        <translation>Register volunteer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/form_dialog.py" line="48"/>
        <source>编辑志愿者</source>
        <translation>Edit volunteer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/form_dialog.py" line="55"/>
        <location filename="../../desktop/ui/volunteers/form_dialog.py" line="67"/>
        <source>未填</source>
        <translation>Not given</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/form_dialog.py" line="59"/>
        <source>手机如 13812345678</source>
        <translation>Mobile, e.g. 13812345678</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/form_dialog.py" line="62"/>
        <source>如：理发、家电维修、秧歌</source>
        <translation>e.g. haircuts, repairs, yangge dance</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/form_dialog.py" line="64"/>
        <source>（不属于任何队伍）</source>
        <translation>(no team)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/form_dialog.py" line="68"/>
        <source>仍在服务</source>
        <translation>Still serving</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/form_dialog.py" line="72"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/form_dialog.py" line="73"/>
        <source>性别</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/form_dialog.py" line="74"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/form_dialog.py" line="75"/>
        <source>特长</source>
        <translation>Skills</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/form_dialog.py" line="76"/>
        <source>所属队伍</source>
        <translation>Team</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/form_dialog.py" line="77"/>
        <source>志愿者编号</source>
        <translation>Volunteer number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/form_dialog.py" line="78"/>
        <source>注册日期</source>
        <translation>Registered on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/form_dialog.py" line="87"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/form_dialog.py" line="89"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/form_dialog.py" line="190"/>
        <source>继续填写</source>
        <translation>Keep filling in</translation>
    </message>
</context>
<context>
    <name>VolunteerTableModel</name>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="96"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="97"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="98"/>
        <source>队伍</source>
        <translation>Team</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="99"/>
        <source>特长</source>
        <translation>Skills</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="100"/>
        <source>累计时长（小时）</source>
        <translation>Total (h)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="101"/>
        <source>今年（小时）</source>
        <translation>This year (h)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="102"/>
        <source>星级（已认定/可认定）</source>
        <translation>Stars (certified / allowed)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="103"/>
        <source>积分</source>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="116"/>
        <source>已达五星</source>
        <translation>Five stars reached</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="117"/>
        <source>距下一星还差 {0} 小时</source>
        <translation>{0} hours to the next star</translation>
    </message>
</context>
<context>
    <name>VolunteersPage</name>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="154"/>
        <source>搜索：姓名、拼音首字母、电话号码或特长（Ctrl+F）</source>
        <translation>Search: name, pinyin initials, phone digits or skill (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="157"/>
        <source>全部队伍</source>
        <translation>All teams</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="162"/>
        <source>只看可认定更高星级的</source>
        <translation>Only those allowed a higher star</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="163"/>
        <source>登记志愿者</source>
        <translation>Register volunteer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="164"/>
        <source>登记一位新的志愿者（Ctrl+N）</source>
        <translation>Register a new volunteer (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="165"/>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="166"/>
        <source>修改选中志愿者的姓名、电话、特长和所属队伍</source>
        <translation>Change the selected volunteer&apos;s name, phone, skills and team</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="167"/>
        <source>导出花名册…</source>
        <translation>Export roster…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="168"/>
        <source>把志愿者花名册导出为 Excel 表格（电话隐去中间四位）</source>
        <translation>Export the volunteer roster as an Excel workbook (phones masked)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="169"/>
        <source>查看</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="170"/>
        <source>查看选中志愿者的服务记录、积分和星级（Enter 或双击）</source>
        <translation>Open the selected volunteer&apos;s service, points and stars (Enter or double-click)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="193"/>
        <location filename="../../desktop/ui/volunteers/page.py" line="209"/>
        <source>队伍</source>
        <translation>Team</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="193"/>
        <source>层级</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="193"/>
        <source>队长</source>
        <translation>Leader</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="193"/>
        <source>队员</source>
        <translation>Members</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="195"/>
        <source>新建小队…</source>
        <translation>New squad…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="196"/>
        <source>设置队长…</source>
        <translation>Set leader…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="197"/>
        <source>登记表彰…</source>
        <translation>Record commendation…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="198"/>
        <source>县、乡镇的队伍由县中心发布，这里只能查看；本村的小队可以新建和设置队长。</source>
        <translation>County and township teams are published by the county and read-only here; the village&apos;s own squads can be made and given a leader.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="208"/>
        <source>志愿者</source>
        <translation>Volunteers</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="231"/>
        <source>志愿者与队伍</source>
        <translation>Volunteers and teams</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="274"/>
        <source>共 {0} 人</source>
        <translation>{0} in total</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="288"/>
        <source>县级</source>
        <translation>County</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="288"/>
        <source>乡镇级</source>
        <translation>Township</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="288"/>
        <source>村级</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="367"/>
        <source>导出志愿者花名册</source>
        <translation>Export volunteer roster</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="369"/>
        <source>Excel 表格 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="382"/>
        <source>已导出 {0} 人到 {1}</source>
        <translation>Exported {0} volunteers to {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/volunteers/page.py" line="390"/>
        <source>正在导出志愿者花名册…</source>
        <translation>Exporting the volunteer roster…</translation>
    </message>
</context>
<context>
    <name>WorkbenchPage</name>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="65"/>
        <source>今日新登记</source>
        <translation>Registered today</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="66"/>
        <source>办理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="67"/>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="68"/>
        <source>待评价</source>
        <translation>Awaiting evaluation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="69"/>
        <source>需求待上报</source>
        <translation>Demands to report</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="70"/>
        <source>通讯录村民</source>
        <translation>Villagers in contact book</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="72"/>
        <location filename="../../desktop/ui/workbench/page.py" line="123"/>
        <source>本月办结率</source>
        <translation>Resolution rate this month</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="72"/>
        <location filename="../../desktop/ui/workbench/page.py" line="123"/>
        <source>本月满意率</source>
        <translation>Satisfaction rate this month</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="81"/>
        <source>本周实践活动</source>
        <translation>This week&apos;s activities</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="85"/>
        <source>快到下一星级的志愿者</source>
        <translation>Volunteers close to their next star</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="94"/>
        <source>登记需求</source>
        <translation>Register demand</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="95"/>
        <source>查找村民</source>
        <translation>Find villager</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="106"/>
        <source>工作台</source>
        <translation>Workbench</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="116"/>
        <source>（尚未设置站点）</source>
        <translation>(station not set up)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="117"/>
        <source>{0} · 今日工作台</source>
        <translation>{0} · Today&apos;s workbench</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="127"/>
        <source>{0}（上月 {1}）</source>
        <translation>{0} (last month {1})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="130"/>
        <source>上次成功同步：{0}</source>
        <translation>Last successful sync: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="132"/>
        <source>尚未与县中心同步过</source>
        <translation>Never synced with the county centre</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="138"/>
        <source>……另有 {0} 场，见“实践活动”</source>
        <translation>… and {0} more: see Activities</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="139"/>
        <source>本周还没有登记实践活动。</source>
        <translation>No activity registered this week.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="142"/>
        <source>{0}：再服务 {1} 小时可达 {2} 星</source>
        <translation>{0}: {1} more hours for {2} stars</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workbench/page.py" line="145"/>
        <source>暂时没有快到下一星级的志愿者。</source>
        <translation>No volunteer is close to a next star.</translation>
    </message>
</context>
<context>
    <name>_IssueTab</name>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="107"/>
        <source>知道了</source>
        <translation>Got it</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="108"/>
        <source>选中的几条以后不再显示</source>
        <translation>Hide the selected ones from now on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="109"/>
        <source>全部知道了</source>
        <translation>Got it, all</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync/page.py" line="110"/>
        <source>也显示已经知道的</source>
        <translation>Also show acknowledged ones</translation>
    </message>
</context>
</TS>
